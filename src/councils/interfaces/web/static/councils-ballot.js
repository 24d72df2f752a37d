/* councils-ballot.js: a Belenios 2.0 ballot made in the browser (issue 14).
 *
 * The voter's choices are encrypted and proved here, on the voter's machine, exactly as
 * councils.ballot.election.encrypt_ballot and Belenios 2.0 do (same JSON, same proofs, same
 * hashes), so `belenios-tool election verify` accepts the ballot. Big-number arithmetic is
 * bn.js's (vendored beside this file, Montgomery reduction); SHA-256 and PBKDF2 are the
 * browser's WebCrypto. Homomorphic questions (yes/no, approval, with or without min/max) in the
 * two finite-field groups (with or without a blank vote), and ranked (NonHomomorphic) questions in
 * RFC-3526-2048.
 *
 *   const made = await councilsBallot.encrypt(electionText, "XXX-XXX-XXX-XXX-XXX", [[1, 0]]);
 *   made.ballot   // the ballot's canonical JSON text, to send
 *   made.tracker  // its tracker, to keep and look up in the archive
 *   made.randomness  // revealed only to challenge (spoil) the ballot: `councils ballot audit` checks it
 */
(function (root) {
  "use strict";
  var BN = root.BN;
  var GROUPS = {
    "BELENIOS-2048": {p: "20694785691422546401013643657505008064922989295751104097100884787057374219242717401922237254497684338129066633138078958404960054389636289796393038773905722803605973749427671376777618898589872735865049081167099310535867780980030790491654063777173764198678527273474476341835600035698305193144284561701911000786737307333564123971732897913240474578834468260652327974647951137672658693582180046317922073668860052627186363386088796882120769432366149491002923444346373222145884100586421050242120365433561201320481118852408731077014151666200162313177169372189248078507711827842317498073276598828825169183103125680162072880719", q: "78571733251071885079927659812671450121821421258408794611510081919805623223441", g: "2402352677501852209227687703532399932712287657378364916510075318787663274146353219320285676155269678799694668298749389095083896573425601900601068477164491735474137283104610458681314511781646755400527402889846139864532661215055797097162016168270312886432456663834863635782106154918419982534315189740658186868651151358576410138882215396016043228843603930989333662772848406593138406010231675095763777982665103606822406635076697764025346253773085133173495194248967754052573659049492477631475991575198775177711481490920456600205478127054728238140972518639858334115700568353695553423781475582491896050296680037745308460627"},
    "RFC-3526-2048": {p: "32317006071311007300338913926423828248817941241140239112842009751400741706634354222619689417363569347117901737909704191754605873209195028853758986185622153212175412514901774520270235796078236248884246189477587641105928646099411723245426622522193230540919037680524235519125679715870117001058055877651038861847280257976054903569732561526167081339361799541336476559160368317896729073178384589680639671900977202194168647225871031411336429319536193471636533209717077448227988588565369208645296636077250268955505928362751121174096972998068410554359584866583291642136218231078990999448652468262416972035911852507045361090559", q: "16158503035655503650169456963211914124408970620570119556421004875700370853317177111309844708681784673558950868954852095877302936604597514426879493092811076606087706257450887260135117898039118124442123094738793820552964323049705861622713311261096615270459518840262117759562839857935058500529027938825519430923640128988027451784866280763083540669680899770668238279580184158948364536589192294840319835950488601097084323612935515705668214659768096735818266604858538724113994294282684604322648318038625134477752964181375560587048486499034205277179792433291645821068109115539495499724326234131208486017955926253522680545279", g: "2"}
  };

  function Group(name) {
    var params = GROUPS[name];
    if (!params) throw new Error("unknown group " + name + ": the browser knows BELENIOS-2048 and RFC-3526-2048");
    this.name = name;
    this.p = new BN(params.p, 10);
    this.q = new BN(params.q, 10);
    this.red = BN.mont(this.p);
    this.g = new BN(params.g, 10).toRed(this.red);
    this.one = new BN(1).toRed(this.red);
    this.gTable = null;  // built on the first powG: a teller's few exponentiations do without it (powG1)
  }
  Group.prototype.elt = function (text) { return new BN(text, 10).toRed(this.red); };
  Group.prototype.str = function (x) { return x.fromRed().toString(10); };
  Group.prototype.pow = function (x, e) { return x.redPow(e.umod(this.q)); };
  Group.prototype.powG = function (e) { return (this.gTable || (this.gTable = this.fixed(this.g)))(e); };
  /* g^e without the table of g's powers (whose making costs some twenty exponentiations): for a
     k-of-n teller's rounds, a dozen exponentiations in all. */
  Group.prototype.powG1 = function (e) { return this.gTable ? this.gTable(e) : this.pow(this.g, e); };
  /* Powers of a base used again and again (g, the election key) from a table of base^(j * 256^i):
     one bn.js product per byte of the exponent instead of a square-and-multiply over every bit. */
  Group.prototype.fixed = function (base) {
    var group = this;
    if (this.q.bitLength() > 512) {  // RFC-3526-2048's 2047-bit exponents: a table would cost more than it saves
      return function (e) { return group.pow(base, e); };
    }
    var windows = this.q.byteLength(), table = [], step = base, q = this.q, one = this.one;
    for (var i = 0; i < windows; i++) {
      var row = [one, step];
      for (var j = 2; j < 256; j++) row.push(row[j - 1].redMul(step));
      table.push(row);
      step = row[255].redMul(step);
    }
    return function (e) {
      var bytes = e.umod(q).toArray("le", windows), acc = one;
      for (var i = 0; i < windows; i++) if (bytes[i]) acc = acc.redMul(table[i][bytes[i]]);
      return acc;
    };
  };
  Group.prototype.mul = function (a, b) { return a.redMul(b); };
  Group.prototype.inv = function (a) { return a.redInvm(); };
  Group.prototype.random = function () {
    var bytes = new Uint8Array(this.q.byteLength() + 16);  // 128 extra bits: no visible bias mod q
    root.crypto.getRandomValues(bytes);
    return new BN(Array.from(bytes)).umod(this.q);
  };

  var encoder = new TextEncoder();

  async function sha256(text) {
    return new Uint8Array(await root.crypto.subtle.digest("SHA-256", encoder.encode(text)));
  }

  function hex(bytes) {
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function b64(bytes) {
    var s = "";
    bytes.forEach(function (b) { s += String.fromCharCode(b); });
    return root.btoa(s).replace(/=+$/, "");
  }

  /* Belenios's G.hash: SHA-256 of the prefix and the elements joined by commas, mod q. */
  async function hashScalar(group, prefix, elements) {
    var text = prefix + elements.map(function (x) { return group.str(x); }).join(",");
    return new BN(hex(await sha256(text)), 16).umod(group.q);
  }

  async function credentialSecret(group, uuid, credential) {
    var key = await root.crypto.subtle.importKey("raw", encoder.encode(credential), "PBKDF2", false, ["deriveBits"]);
    var bits = await root.crypto.subtle.deriveBits(
      {name: "PBKDF2", hash: "SHA-256", salt: encoder.encode(uuid), iterations: 1000}, key, 256);
    return new BN(Array.from(new Uint8Array(bits))).umod(group.q);
  }

  function shifts(group, low, high) {
    var invG = group.inv(group.g);
    var out = [low === 0 ? group.one : group.inv(group.powG(new BN(low)))];
    for (var i = low; i < high; i++) out.push(group.mul(out[out.length - 1], invG));
    return out;
  }

  /* Belenios's eg_disj_prove: (alpha, beta) = (g^r, y^r / shifts[index]). */
  async function disjProve(group, powY, d, prefix, index, r, alpha, beta) {
    var n = d.length, proofs = new Array(n), commitments = new Array(2 * n), total = new BN(0);
    for (var i = 0; i < n; i++) {
      if (i === index) continue;
      var c = group.random(), s = group.random();
      proofs[i] = [c, s];
      commitments[2 * i] = group.powG(s.add(r.mul(c)));
      commitments[2 * i + 1] = group.mul(powY(s), group.pow(group.mul(beta, d[i]), c));
      total = total.add(c);
    }
    var w = group.random();
    commitments[2 * index] = group.powG(w);
    commitments[2 * index + 1] = powY(w);
    var head = "prove|" + prefix + "|" + group.str(alpha) + "," + group.str(beta) + "|";
    var challenge = (await hashScalar(group, head, commitments)).sub(total).umod(group.q);
    proofs[index] = [challenge, w.sub(r.mul(challenge)).umod(group.q)];
    return proofs;
  }

  var cached = {groups: {}, keyText: null, powY: null};

  /* Belenios's of_ints for RFC-3526-2048 (8 bits per rank, 8 bits of padding): the ranks packed
     into one number, then the next quadratic residue (an element of the group). */
  function encodeRanks(group, ranks) {
    if (group.name !== "RFC-3526-2048") throw new Error("a ranked question needs the RFC-3526-2048 group");
    var acc = new BN(0);
    ranks.forEach(function (v) { acc = acc.shln(8).add(new BN(v & 255)); });
    acc = acc.shln(8);
    var half = group.p.subn(1).shrn(1), one = group.one;
    for (;;) {
      var x = acc.toRed(group.red);
      if (!acc.isZero() && x.redPow(half).eq(one)) return x;
      acc = acc.addn(1);
    }
  }

  async function rankedAnswer(group, y, powY, zkp, q, ranks, k, randomness) {
    if (ranks.length !== q.answers.length) throw new Error("question " + (k + 1) + ": one rank per candidate");
    ranks.forEach(function (v) {
      if (!Number.isInteger(v) || v < 0 || v > 255) throw new Error("question " + (k + 1) + ": each rank is a whole number from 0 to 255");
    });
    var r = group.random();
    var alpha = group.powG(r), beta = group.mul(powY(r), encodeRanks(group, ranks));
    var w = group.random();
    var head = "raweg|" + zkp + "|" + group.str(y) + "," + group.str(alpha) + "," + group.str(beta) + "|";
    var challenge = await hashScalar(group, head, [group.powG(w)]);
    randomness.push([r.toString(10)]);
    return {choices: {alpha: group.str(alpha), beta: group.str(beta)},
            proof: proofJson([challenge, w.sub(r.mul(challenge)).umod(group.q)])};
  }

  /* Belenios's make_blank_proof: (overall, blank) proofs of a question that allows a blank vote. */
  async function blankProve(group, powY, prefix, low, high, m0, c0, r0, mSum, cSum, rSum) {
    var q = group.q, size = high - low + 2, total, overall = new Array(size), commitments = new Array(2 * size), i, c, s, w;
    function fake(r, cipherBeta) {  // a simulated proof: random challenge and response
      var ch = group.random(), re = group.random();
      return [ch, re, group.powG(re.add(r.mul(ch))), group.mul(powY(re), group.pow(cipherBeta, ch))];
    }
    function shifted(i) { return group.mul(cSum[1], group.inv(group.powG(new BN(low + i - 1)))); }
    var blank;
    if (m0 === 0) {
      var f = fake(rSum, cSum[1]);
      w = group.random();
      var h = await hashScalar(group, "bproof0|" + prefix + "|", [group.powG(w), powY(w), f[2], f[3]]);
      var ch0 = h.sub(f[0]).umod(q);
      blank = [[ch0, w.sub(r0.mul(ch0)).umod(q)], [f[0], f[1]]];
      var z = fake(r0, group.mul(c0[1], group.inv(group.g)));
      overall[0] = [z[0], z[1]]; commitments[0] = z[2]; commitments[1] = z[3]; total = z[0];
      var truth = mSum - low + 1;
      for (i = 1; i < size; i++) {
        if (i === truth) continue;
        var e = fake(rSum, shifted(i));
        overall[i] = [e[0], e[1]]; commitments[2 * i] = e[2]; commitments[2 * i + 1] = e[3]; total = total.add(e[0]);
      }
      w = group.random();
      commitments[2 * truth] = group.powG(w); commitments[2 * truth + 1] = powY(w);
      c = (await hashScalar(group, "bproof1|" + prefix + "|", commitments)).sub(total).umod(q);
      overall[truth] = [c, w.sub(rSum.mul(c)).umod(q)];
      return [overall, blank];
    }
    var g0 = fake(r0, c0[1]);
    w = group.random();
    var hb = await hashScalar(group, "bproof0|" + prefix + "|", [g0[2], g0[3], group.powG(w), powY(w)]);
    var c1 = hb.sub(g0[0]).umod(q);
    blank = [[g0[0], g0[1]], [c1, w.sub(rSum.mul(c1)).umod(q)]];
    total = new BN(0);
    for (i = 1; i < size; i++) {
      var x = fake(rSum, shifted(i));
      overall[i] = [x[0], x[1]]; commitments[2 * i] = x[2]; commitments[2 * i + 1] = x[3]; total = total.add(x[0]);
    }
    w = group.random();
    commitments[0] = group.powG(w); commitments[1] = powY(w);
    c = (await hashScalar(group, "bproof1|" + prefix + "|", commitments)).sub(total).umod(q);
    overall[0] = [c, w.sub(r0.mul(c)).umod(q)];
    return [overall, blank];
  }

  function proofJson(p) { return {challenge: p[0].toString(10), response: p[1].toString(10)}; }

  async function encrypt(electionText, credential, plaintext) {
    var election = JSON.parse(electionText);
    var group = cached.groups[election.group] || (cached.groups[election.group] = new Group(election.group));
    var y = group.elt(election.public_key);
    if (cached.keyText !== election.public_key) {  // the table of the election key's powers, kept between ballots
      cached.keyText = election.public_key;
      cached.powY = group.fixed(y);
    }
    var powY = cached.powY;
    var fingerprint = b64(await sha256(electionText));
    if (plaintext.length !== election.questions.length) {
      throw new Error(plaintext.length + " answers for " + election.questions.length + " questions");
    }
    var sk = await credentialSecret(group, election.uuid, credential);
    var cred = group.powG(sk);
    var zkp = fingerprint + "|" + group.str(cred);
    var d01 = shifts(group, 0, 1);
    var answers = [], randomness = [];
    for (var k = 0; k < election.questions.length; k++) {
      var q = election.questions[k], marks = plaintext[k];
      if (q.type === "NonHomomorphic") {  // a ranking: one ciphertext of the packed ranks, and its proof
        answers.push(await rankedAnswer(group, y, powY, zkp, q.value, marks, k, randomness));
        continue;
      }
      if (!q.answers) throw new Error("question " + (k + 1) + ": unknown kind of question");
      var width = q.answers.length + (q.blank ? 1 : 0);  // with a blank vote, its mark comes first
      if (marks.length !== width) throw new Error("question " + (k + 1) + ": " + marks.length + " marks for " + width + " places");
      var chosen = 0;
      marks.forEach(function (m, i) {
        if (m !== 0 && m !== 1) throw new Error("question " + (k + 1) + ": each mark is 0 or 1");
        if (!q.blank || i > 0) chosen += m;
      });
      var blank = q.blank && marks[0] === 1;
      if (blank && chosen > 0) throw new Error("question " + (k + 1) + ": a blank vote marks no answer");
      if (!blank && (chosen < q.min || chosen > q.max)) {
        throw new Error("question " + (k + 1) + ": " + chosen + " answers marked, allowed " + q.min + " to " + q.max);
      }
      var rs = [], choices = [], individual = [];
      for (var j = 0; j < marks.length; j++) {
        var r = group.random();
        rs.push(r);
        choices.push([group.powG(r), group.mul(powY(r), group.powG(new BN(marks[j])))]);
      }
      for (j = 0; j < marks.length; j++) {
        individual.push(await disjProve(group, powY, d01, zkp, marks[j], rs[j], choices[j][0], choices[j][1]));
      }
      var prefix = zkp + "|" + choices.map(function (c) { return group.str(c[0]) + "," + group.str(c[1]); }).join(",");
      var first = q.blank ? 1 : 0;
      var sumA = group.one, sumB = group.one, sumR = new BN(0);
      for (j = first; j < marks.length; j++) {
        sumA = group.mul(sumA, choices[j][0]);
        sumB = group.mul(sumB, choices[j][1]);
        sumR = sumR.add(rs[j]);
      }
      sumR = sumR.umod(group.q);
      var answer = {
        choices: choices.map(function (c) { return {alpha: group.str(c[0]), beta: group.str(c[1])}; }),
        individual_proofs: individual.map(function (ps) { return ps.map(proofJson); })
      };
      if (q.blank) {
        var both = await blankProve(group, powY, prefix, q.min, q.max, marks[0], choices[0], rs[0], chosen,
                                    [sumA, sumB], sumR);
        answer.overall_proof = both[0].map(proofJson);
        answer.blank_proof = both[1].map(proofJson);
      } else {
        answer.overall_proof = (await disjProve(group, powY, shifts(group, q.min, q.max), prefix, chosen - q.min,
                                                sumR, sumA, sumB)).map(proofJson);
      }
      randomness.push(rs.map(function (r) { return r.toString(10); }));
      answers.push(answer);
    }
    var body = {election_uuid: election.uuid, election_hash: fingerprint, credential: group.str(cred), answers: answers};
    var sHash = b64(await sha256(JSON.stringify(body)));
    var w = group.random();
    var challenge = await hashScalar(group, "sig|" + sHash + "|", [group.powG(w)]);
    body.signature = {hash: sHash, proof: proofJson([challenge, w.sub(sk.mul(challenge)).umod(group.q)])};
    var text = JSON.stringify(body);
    /* The randomness is what a challenge reveals (then the ballot is spoiled, never cast); keep it
       nowhere else. */
    return {ballot: text, tracker: b64(await sha256(text)), randomness: randomness};
  }

  function groupNamed(name) { return cached.groups[name] || (cached.groups[name] = new Group(name)); }

  /* A teller's single key (Belenios's trustee_public_key), made here: the private part is returned
     in the key file format of `councils teller keygen` and is the caller's to keep, never to send. */
  async function tellerKey(groupName) {
    var group = groupNamed(groupName);
    var x = group.random(), big = group.powG(x), w = group.random();
    var c = await hashScalar(group, "pok|" + group.name + "|" + group.str(big) + "|", [group.powG(w)]);
    var pub = {pok: proofJson([c, w.sub(x.mul(c)).umod(group.q)]), public_key: group.str(big)};
    return {group: group.name, private_key: x.toString(10), public: pub};
  }

  /* A teller's partial decryption of an encrypted tally (or of a ranked question's mixed ballots):
     each factor alpha^x with its proof, bound to the election's fingerprint (Belenios 2.0). */
  async function partialDecryption(electionText, tallyText, privateKey) {
    var election = JSON.parse(electionText);
    var group = groupNamed(election.group);
    var x = new BN(privateKey, 10);
    var rows = JSON.parse(tallyText);
    var entries = rows.reduce(function (n, row) { return n + row.length; }, 0);
    var powG = entries > 20 ? group.powG.bind(group) : group.powG1.bind(group);  // g's table pays off past ~20
    var head = "decrypt|" + b64(await sha256(electionText)) + "|" + group.str(powG(x)) + "|";
    var factors = [], proofs = [];
    for (var i = 0; i < rows.length; i++) {
      var fs = [], ps = [];
      for (var j = 0; j < rows[i].length; j++) {
        var alpha = group.elt(rows[i][j].alpha), w = group.random();
        var c = await hashScalar(group, head, [powG(w), group.pow(alpha, w)]);
        fs.push(group.str(group.pow(alpha, x)));
        ps.push(proofJson([c, w.sub(x.mul(c)).umod(group.q)]));
      }
      factors.push(fs);
      proofs.push(ps);
    }
    return JSON.stringify({decryption_factors: factors, decryption_proofs: proofs});
  }

  /* A teller's turn in a ranked question's mix-net (Belenios 2.0's, CHVote's shuffle proof; the
     same steps as councils/ballot/mixnet.py): every ciphertext of each ranked question re-encrypted
     and permuted, with the proof. Returns Belenios's `shuffle` JSON text. */
  async function sha256hex(text) { return hex(await sha256(text)); }
  function product(group, xs) { return xs.reduce(function (a, b) { return group.mul(a, b); }, group.one); }
  function strEgs(group, cs) { return cs.map(function (c) { return group.str(c[0]) + "," + group.str(c[1]) + ","; }).join(""); }
  function strElts(group, xs) { return xs.map(function (x) { return group.str(x) + ","; }).join(""); }
  function randomBelow(n) {  // uniform in [0, n), n small
    var limit = Math.floor(4294967296 / n) * n, x = new Uint32Array(1);
    do { root.crypto.getRandomValues(x); } while (x[0] >= limit);
    return x[0] % n;
  }

  async function generator(group, i) {
    var h = new BN(await sha256hex("ggen|" + i), 16).toRed(group.red);
    var out = h.redPow(group.p.subn(1).div(group.q));
    if (out.fromRed().cmpn(1) <= 0 || out.fromRed().eq(group.g.fromRed())) throw new Error("generator " + i + " is degenerate");
    return out;
  }

  async function shuffleProof(group, y, fingerprint, ee, ee2, rr2, psi) {
    var n = ee.length, q = group.q, i;
    var h = await generator(group, -1), hh = [];
    for (i = 0; i < n; i++) hh.push(await generator(group, i));
    var cc = new Array(n), rr = new Array(n);
    for (i = 0; i < n; i++) {
      var r = group.random();
      rr[psi[i]] = r;
      cc[psi[i]] = group.mul(group.powG(r), hh[i]);
    }
    var str1 = strEgs(group, ee) + strEgs(group, ee2) + strElts(group, cc);
    var top = await sha256hex("shuffle-challenges|" + fingerprint + "|" + str1), uu = [];
    for (i = 0; i < n; i++) uu.push(new BN(await sha256hex(top + await sha256hex(String(i))), 16).umod(q));
    var uu2 = psi.map(function (k) { return uu[k]; });
    var rrHat = [], ccHat = [], prev = h;
    for (i = 0; i < n; i++) {
      rrHat.push(group.random());
      prev = group.mul(group.powG(rrHat[i]), group.pow(prev, uu2[i]));
      ccHat.push(prev);
    }
    var w1 = group.random(), w2 = group.random(), w3 = group.random(), w4 = group.random();
    var wwHat = [], ww2 = [];
    for (i = 0; i < n; i++) { wwHat.push(group.random()); ww2.push(group.random()); }
    var t1 = group.powG(w1), t2 = group.powG(w2);
    var t3 = product(group, [group.powG(w3)].concat(hh.map(function (x, k) { return group.pow(x, ww2[k]); })));
    var t41 = product(group, [group.inv(group.pow(y, w4))].concat(ee2.map(function (c, k) { return group.pow(c[1], ww2[k]); })));
    var t42 = product(group, [group.inv(group.powG(w4))].concat(ee2.map(function (c, k) { return group.pow(c[0], ww2[k]); })));
    var ccHatPrev = [h].concat(ccHat.slice(0, n - 1));
    var ttHat = wwHat.map(function (wh, k) { return group.mul(group.powG(wh), group.pow(ccHatPrev[k], ww2[k])); });
    var str2 = strElts(group, [t1, t2, t3, t41, t42]) + strElts(group, ttHat);
    var str3 = str1 + strElts(group, ccHat) + group.str(y);
    var c = new BN(await sha256hex("shuffle-challenge|" + fingerprint + "|" + str2 + str3), 16).umod(q);
    function sum(xs) { return xs.reduce(function (a, b) { return a.add(b); }, new BN(0)); }
    var s1 = w1.add(c.mul(sum(rr))).umod(q);
    var vv = new Array(n).fill(new BN(1));
    for (i = n - 2; i >= 0; i--) vv[i] = uu2[i + 1].mul(vv[i + 1]).umod(q);
    var s2 = w2.add(c.mul(sum(rrHat.map(function (a, k) { return a.mul(vv[k]); })))).umod(q);
    var s3 = w3.add(c.mul(sum(rr.map(function (a, k) { return a.mul(uu[k]); })))).umod(q);
    var s4 = w4.add(c.mul(sum(rr2.map(function (a, k) { return a.mul(uu[k]); })))).umod(q);
    var ssHat = wwHat.map(function (w, k) { return w.add(c.mul(rrHat[k])).umod(q); });
    var ss2 = ww2.map(function (w, k) { return w.add(c.mul(uu2[k])).umod(q); });
    var e = function (x) { return group.str(x); }, d = function (x) { return x.toString(10); };
    return [[e(t1), e(t2), e(t3), [e(t41), e(t42)], ttHat.map(e)],
            [d(s1), d(s2), d(s3), d(s4), ssHat.map(d), ss2.map(d)], cc.map(e), ccHat.map(e)];
  }

  async function shuffle(electionText, tallyText) {
    var election = JSON.parse(electionText);
    var group = groupNamed(election.group);
    var y = group.elt(election.public_key);
    var fingerprint = b64(await sha256(electionText));
    var rows = JSON.parse(tallyText), outCs = [], outProofs = [];
    for (var k = 0; k < election.questions.length; k++) {
      if (election.questions[k].type !== "NonHomomorphic") continue;
      var ee = rows[k].map(function (c) { return [group.elt(c.alpha), group.elt(c.beta)]; });
      var n = ee.length, tmp = [], psi = new Array(n), rs = [], i;
      for (i = 0; i < n; i++) tmp.push(i);
      for (i = 0; i < n; i++) {  // Belenios's gen_shuffle: output i is input psi[i] re-encrypted
        var j = i + randomBelow(n - i);
        psi[i] = tmp[j];
        tmp[j] = tmp[i];
      }
      var re = ee.map(function (c) {
        var r = group.random();
        rs.push(r);
        return [group.mul(c[0], group.powG(r)), group.mul(c[1], group.pow(y, r))];
      });
      var ee2 = psi.map(function (p) { return re[p]; });
      outProofs.push(await shuffleProof(group, y, fingerprint, ee, ee2, rs, psi));
      outCs.push(ee2.map(function (c) { return {alpha: group.str(c[0]), beta: group.str(c[1])}; }));
    }
    return JSON.stringify({ciphertexts: outCs, proofs: outProofs});
  }

  /* ---- k of n tellers (Belenios 2.0's threshold trustees; councils/ballot/trustees.py, the same JSON as
     `councils teller keygen --threshold` and `teller submit-key --election VIEW`). Each teller's secret is a
     seed kept in this browser (and in the key file it saves); its signing and decryption keys derive from it.
     Only public parts leave: the certificate, the signed polynomial commitments with each share sealed to
     its recipient's certificate (ElGamal key exchange, SHA-256, NaCl's secretbox through tweetnacl, as
     PyNaCl's SecretBox), and the verification key with its proof. */
  var B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  function newSeed() {
    var out = "";
    for (var i = 0; i < 22; i++) out += B58[randomBelow(B58.length)];
    return out;
  }

  async function derive(prefix, seed) { return new BN(await sha256hex(prefix + "|" + seed), 16); }

  async function dlogProve(group, x, prefix) {
    var w = group.random();
    var c = await hashScalar(group, prefix, [group.powG1(w)]);
    return [c, w.sub(x.mul(c)).umod(group.q)];
  }

  async function dlogVerify(group, publicElt, prefix, proof) {
    var c = new BN(proof.challenge, 10), s = new BN(proof.response, 10);
    if (c.cmp(group.q) >= 0 || s.cmp(group.q) >= 0) return false;
    var commitment = group.mul(group.powG1(s), group.pow(publicElt, c));
    return (await hashScalar(group, prefix, [commitment])).eq(c);
  }

  async function signMessage(group, sk, message) {
    return {message: message, signature: proofJson(await dlogProve(group, sk, "sigmsg|" + message + "|"))};
  }

  async function checkSigned(group, vk, signed) {
    return dlogVerify(group, vk, "sigmsg|" + signed.message + "|", signed.signature);
  }

  function certKeys(group, cert) {
    var keys = JSON.parse(cert.message);
    return [group.elt(keys.verification), group.elt(keys.encryption)];
  }

  async function certificateOf(group, seed) {
    var sk = await derive("sk", seed), dk = await derive("dk", seed);
    var message = JSON.stringify({verification: group.str(group.powG1(sk)), encryption: group.str(group.powG1(dk))});
    return signMessage(group, sk, message);
  }

  /* This teller's place (from 1) among the certificates, each checked to be signed by its own key. */
  async function ownIndex(group, seed, certs) {
    var i;
    for (i = 0; i < certs.length; i++) {
      if (!await checkSigned(group, certKeys(group, certs[i])[0], certs[i])) {
        throw new Error("certificate " + (i + 1) + " is not signed by its own key");
      }
    }
    var mine = group.powG1(await derive("sk", seed));
    for (i = 0; i < certs.length; i++) if (certKeys(group, certs[i])[0].eq(mine)) return i + 1;
    throw new Error("this teller's certificate is not among the certificates given");
  }

  function nacl() {
    if (!root.nacl) throw new Error("tweetnacl (nacl-fast.min.js) is not loaded");
    return root.nacl;
  }

  function unhex(text) {
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
    return out;
  }

  async function seal(group, recipient, message) {
    var r = group.random(), box = nacl();
    var key = await sha256("key|" + group.str(group.pow(recipient, r)));
    var nonce = box.randomBytes(box.secretbox.nonceLength);
    var sealed = box.secretbox(encoder.encode(message), nonce, key);
    return {alpha: group.str(group.powG1(r)), data: hex(nonce) + hex(sealed)};
  }

  async function unseal(group, dk, sealed) {
    var box = nacl();
    var key = await sha256("key|" + group.str(group.pow(group.elt(sealed.alpha), dk)));
    var bytes = unhex(sealed.data), n = box.secretbox.nonceLength;
    var opened = box.secretbox.open(bytes.subarray(n), bytes.subarray(0, n), key);
    if (!opened) throw new Error("a sealed share cannot be opened with this teller's key");
    return new TextDecoder().decode(opened);
  }

  /* Step 1 (`teller keygen --threshold`): a new seed (the key file) and the certificate to send. */
  async function tellerCertificate(groupName) {
    var group = groupNamed(groupName), seed = newSeed();
    return {file: {group: group.name, seed: seed}, made: await certificateOf(group, seed)};
  }

  /* Step 2: a random polynomial of degree threshold - 1; its commitments signed, share j sealed to teller j. */
  async function tellerPolynomial(group, seed, certs, threshold) {
    await ownIndex(group, seed, certs);
    if (!(threshold > 0 && threshold <= certs.length)) {
      throw new Error("threshold " + threshold + ": need 1 to " + certs.length + " (the number of tellers)");
    }
    var coefficients = [];
    for (var k = 0; k < threshold; k++) coefficients.push(group.random());
    var message = JSON.stringify({coefexps: coefficients.map(function (a) { return group.str(group.powG1(a)); })});
    var signed = await signMessage(group, await derive("sk", seed), message);
    var sealedShares = [];
    for (var j = 1; j <= certs.length; j++) {
      var value = new BN(0);
      for (k = coefficients.length - 1; k >= 0; k--) value = value.muln(j).add(coefficients[k]).umod(group.q);
      sealedShares.push(await seal(group, certKeys(group, certs[j - 1])[1], value.toString(10)));
    }
    return {coefexps: signed, secrets: sealedShares};
  }

  /* Step 3: open the share each teller sealed to this one, check it against the sender's commitments,
     sum them into this teller's decryption key S_j; returns it and its verification key (a single key). */
  async function tellerShare(group, seed, certs, polynomials) {
    var j = await ownIndex(group, seed, certs);
    if (polynomials.length !== certs.length) throw new Error(polynomials.length + " polynomials for " + certs.length + " tellers");
    var dk = await derive("dk", seed), total = new BN(0);
    for (var i = 0; i < certs.length; i++) {
      var poly = polynomials[i];
      if (!await checkSigned(group, certKeys(group, certs[i])[0], poly.coefexps)) {
        throw new Error("teller " + (i + 1) + "'s commitments are not signed by its certificate's key");
      }
      var share = new BN(await unseal(group, dk, poly.secrets[j - 1]), 10);
      var expected = group.one, power = new BN(1);
      JSON.parse(poly.coefexps.message).coefexps.forEach(function (a) {
        expected = group.mul(expected, group.pow(group.elt(a), power));
        power = power.muln(j);
      });
      if (!group.powG1(share).eq(expected)) {
        throw new Error("the share teller " + (i + 1) + " sent does not match its published commitments");
      }
      total = total.add(share).umod(group.q);
    }
    var big = group.powG1(total);
    var pok = await dlogProve(group, total, "pok|" + group.name + "|" + group.str(big) + "|");
    return {privateKey: total.toString(10), public: {pok: proofJson(pok), public_key: group.str(big)}};
  }

  /* The round a k-of-n question waits for (its election view's `step`), as `teller submit-key --election`:
     returns what to send (`made`, the key's JSON) and the key file as it is now (with the decryption key
     after the last round). `keyFile` is null for the first round, which makes the seed. */
  async function tellerRound(view, keyFile) {
    if (view.step === "certificate") {
      if (keyFile && keyFile.seed) {
        var group0 = groupNamed(keyFile.group);
        return {made: await certificateOf(group0, keyFile.seed), file: keyFile};
      }
      return tellerCertificate(view.group);
    }
    if (!keyFile || !keyFile.seed) throw new Error("no k-of-n teller key (with its seed) for this question");
    var group = groupNamed(keyFile.group);
    var certs = view.certificates.map(function (c) { return JSON.parse(c); });
    if (view.step === "polynomial") {
      return {made: await tellerPolynomial(group, keyFile.seed, certs, Number(view.tellers_needed)), file: keyFile};
    }
    if (view.step === "key") {
      var done = await tellerShare(group, keyFile.seed, certs, view.polynomials.map(function (p) { return JSON.parse(p); }));
      return {made: done.public, file: {group: keyFile.group, seed: keyFile.seed, private_key: done.privateKey,
                                         public: done.public}};
    }
    throw new Error("this question waits for no teller key");
  }

  root.councilsBallot = {encrypt: encrypt, tellerKey: tellerKey, partialDecryption: partialDecryption,
                         shuffle: shuffle, tellerRound: tellerRound};
})(typeof window !== "undefined" ? window : this);
