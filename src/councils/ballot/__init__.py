"""Encrypted ballots that stay secret from the operator and that anyone can verify (issue 14).

Belenios 2.0's protocol, spoken exactly: ElGamal encryption under a key the tellers hold
jointly, zero-knowledge proofs that each ballot is well formed, a homomorphic tally, threshold
decryption with proofs, and the public archive `belenios-tool election verify` reads.
No I/O: `group` (the groups), `proofs` (the sigma proofs), `election` (questions,
credentials, ballots, tally), `trustees` (tellers' keys, partial decryptions, result),
`mixnet` (the verifiable shuffle of ranked ballots), `archive` (the `.bel` file, in memory,
and the verifier), `parallel` (the verifier's ballots spread over processes). See
docs/ballot.md.
"""
