"""The groups are Belenios's own parameters, and the fast paths agree with the plain ones."""

from __future__ import annotations

import os

import gmpy2
import pytest

from councils.ballot.group import BELENIOS_2048, RFC_3526_2048, FixedBase, GroupError, group_named


@pytest.mark.parametrize("group", [BELENIOS_2048, RFC_3526_2048], ids=lambda g: g.name)
def test_finite_field_groups_have_prime_order_q_generated_by_g(group: object) -> None:
    from councils.ballot.group import FiniteFieldGroup
    assert isinstance(group, FiniteFieldGroup)
    assert gmpy2.is_prime(group.p, 25) and gmpy2.is_prime(group.q, 25)
    assert (group.p - 1) % group.q == 0
    assert gmpy2.powmod(group.g, group.q, group.p) == 1 and group.g != 1


def test_belenios_2048_is_the_specifications_group() -> None:
    # The first and last digits of p and g as printed in Belenios 2.0's specification, section 9.1.
    assert str(BELENIOS_2048.p).startswith("20694785691422546401013643657505008064922989295751")
    assert str(BELENIOS_2048.p).endswith("25169183103125680162072880719")
    assert str(BELENIOS_2048.g).startswith("24023526775018522092276877035323999327")
    assert BELENIOS_2048.q == 78571733251071885079927659812671450121821421258408794611510081919805623223441
    assert RFC_3526_2048.g == 2 and RFC_3526_2048.q == (RFC_3526_2048.p - 1) // 2


@pytest.mark.parametrize("group", [BELENIOS_2048, RFC_3526_2048], ids=lambda g: g.name)
def test_fixed_base_table_gives_the_same_powers_as_powmod(group: object) -> None:
    from councils.ballot.group import FiniteFieldGroup
    assert isinstance(group, FiniteFieldGroup)
    base = group.pow(group.g, 123456789)
    table = FixedBase(base, group.p, group.q)
    for e in (0, 1, 255, 256, group.q - 1, group.random_scalar(), group.random_scalar()):
        assert table(e) == gmpy2.powmod(base, e % group.q, group.p)


def test_membership_refuses_elements_outside_the_prime_order_subgroup() -> None:
    assert not BELENIOS_2048.check(BELENIOS_2048.p - 1)  # order 2
    assert not BELENIOS_2048.check(gmpy2.mpz(0))
    assert not RFC_3526_2048.check(RFC_3526_2048.p - 1)  # -1 is not a square mod a safe prime p = 3 mod 4
    assert RFC_3526_2048.check(RFC_3526_2048.pow_g(42))
    assert BELENIOS_2048.check(BELENIOS_2048.pow_g(42))


def test_ed25519_group_laws_hold() -> None:
    g = group_named("Ed25519")
    a, b = g.random_scalar(), g.random_scalar()
    assert g.eq(g.mul(g.pow_g(a), g.pow_g(b)), g.pow_g(a + b))
    assert g.eq(g.pow(g.pow_g(a), b), g.pow_g(a * b))
    assert g.eq(g.div(g.pow_g(a), g.pow_g(a)), g.one)
    assert g.eq(g.pow_g(g.q), g.one)
    assert g.check(g.pow_g(a)) and g.check(g.one)
    torsion = bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")  # order 8
    assert not g.check(torsion)


def test_ristretto255_group_laws_hold() -> None:
    try:
        g = group_named("Ristretto255")
    except GroupError:
        if os.environ.get("COUNCILS_REQUIRE_BELENIOS") == "1":
            raise
        pytest.skip("no system libsodium (apt-get install libsodium23)")
    a, b = g.random_scalar(), g.random_scalar()
    assert g.eq(g.mul(g.pow_g(a), g.pow_g(b)), g.pow_g(a + b))
    assert g.eq(g.pow(g.pow_g(a), b), g.pow_g(a * b))
    assert g.eq(g.div(g.pow_g(a), g.pow_g(a)), g.one) and g.eq(g.pow_g(g.q), g.one)
    assert g.check(g.pow_g(a)) and not g.check(b"\xff" * 32)


def test_unknown_group_is_refused_by_name() -> None:
    with pytest.raises(GroupError, match="unknown group 'P-256'"):
        group_named("P-256")
