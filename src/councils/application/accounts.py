"""Accounts: who may sign in, with which password, linked to which person, in which roles.

Passwords are hashed with Argon2 (argon2-cffi), and sessions and API tokens are random
strings of which only a SHA-256 digest is stored, so a copy of the database lets no one
sign in. Roles are grants of a role over a scope - a polity (every body of a republic or
union) or one body - and `admin` over "*". Being an elector or a delegate is not a grant:
it follows from the person an account is linked to and from the ledger (the roll of each
question), so no account setting can give anyone a vote the constitution does not.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from councils.application.sign_in_limit import Change, Key, SignInLimit
from councils.domain.errors import InvalidCommand, NotFound, Refused

ROLES = ("admin", "clerk", "observer")
SESSION_KINDS = {"web": timedelta(hours=12), "api": timedelta(days=30)}
LOGIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9@._-]{0,99}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 256
# A signed-in request does not read its session and account from the database again if
# they were read less than this long ago in this process. Signing out here takes effect
# at once; a sign-out, a new role or a removed session in another process (another
# server worker, the CLI) within at most this long. Expiry is checked at every use.
TOKEN_CACHE_SECONDS = 60.0
TOKEN_CACHE_SIZE = 100_000


@dataclass(frozen=True)
class Grant:
    """One role over one scope: a polity id, a body id, or "*" (admin only)."""

    role: str
    scope: str

    def __str__(self) -> str:
        return f"{self.role} of {self.scope}" if self.scope != "*" else self.role


@dataclass(frozen=True)
class Account:
    """A sign-in as the rest of the application sees it: never with its password hash."""

    login: str
    name: str
    person: str | None = None
    grants: tuple[Grant, ...] = ()
    demo: bool = False

    def has(self, role: str, scope: str | None = None) -> bool:
        return any(g.role == role and (scope is None or g.scope == scope) for g in self.grants)

    @property
    def is_admin(self) -> bool:
        return self.has("admin")


@dataclass(frozen=True)
class StoredAccount:
    login: str
    password_hash: str
    name: str
    person: str | None
    demo: bool
    created_at: str
    grants: tuple[Grant, ...] = field(default=())


@dataclass(frozen=True)
class StoredSession:
    login: str
    kind: str
    expires_at: str


class AccountStore(Protocol):
    """Storage of accounts; `adapters.accounts_sql.SqlAccountStore` keeps them next to the ledger."""

    def get(self, login: str) -> StoredAccount | None: ...

    def all(self) -> list[StoredAccount]: ...

    def add(self, account: StoredAccount) -> bool: ...

    def set_password(self, login: str, password_hash: str) -> None: ...

    def grant(self, login: str, grant: Grant) -> None: ...

    def add_session(self, token_hash: str, login: str, kind: str, created_at: str,
                    expires_at: str) -> None: ...

    def session(self, token_hash: str) -> StoredSession | None: ...

    def sessions_accounts(self, token_hashes: Sequence[str]
                          ) -> dict[str, tuple[StoredSession, StoredAccount | None]]: ...

    def drop_session(self, token_hash: str) -> None: ...

    def drop_sessions(self, login: str, keep: str | None = None) -> int: ...

    def secret(self, name: str, make: Callable[[], str]) -> str: ...

    def change_attempts(self, keys: Sequence[Key], change: Change) -> None: ...  # sign_in_limit

    def prune_attempts(self, before: float) -> int: ...


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _public(stored: StoredAccount) -> Account:
    return Account(stored.login, stored.name, stored.person, stored.grants, stored.demo)


def check_grant(grant: Grant) -> Grant:
    if grant.role not in ROLES:
        raise InvalidCommand(f"unknown role {grant.role!r} (roles: {', '.join(ROLES)}; electors "
                             "and delegates follow from the linked person, not from a grant)")
    if grant.role == "admin" and grant.scope != "*":
        raise InvalidCommand("the admin role has the scope '*'")
    if grant.role != "admin" and (not grant.scope or grant.scope == "*"):
        raise InvalidCommand(f"a {grant.role} role needs a polity or body as its scope")
    return grant


class Accounts:
    """Create accounts, check passwords, open and resolve sessions."""

    def __init__(self, store: AccountStore, clock: Callable[[], datetime],
                 hasher: PasswordHasher | None = None) -> None:
        self.store = store
        self.clock = clock
        self.hasher = hasher or PasswordHasher()
        self._dummy = self.hasher.hash(secrets.token_hex(16))
        self.sign_in_limit = SignInLimit(clock, store=store)  # shared by every process on the database
        self._secrets: dict[str, str] = {}
        # token digest -> (when it was read, its session, its account): see TOKEN_CACHE_SECONDS
        self._tokens: dict[str, tuple[float, StoredSession, Account | None]] = {}

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def _hash(self, password: str) -> str:
        if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
            raise InvalidCommand(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")
        return self.hasher.hash(password)

    def _stored(self, login: object) -> StoredAccount | None:
        """The account of `login`, or None; a login no account can have (a NUL, 5,000 characters, a
        lone surrogate) is not looked up, so both databases answer it alike: no such account."""
        if not isinstance(login, str) or not LOGIN.fullmatch(login):
            return None
        return self.store.get(login)

    def get(self, login: str) -> Account | None:
        stored = self._stored(login)
        return _public(stored) if stored else None

    def all(self) -> list[Account]:
        return [_public(s) for s in self.store.all()]

    def create(self, login: str, password: str, *, name: str = "", person: str | None = None,
               grants: tuple[Grant, ...] = (), demo: bool = False,
               password_hash: str | None = None) -> Account:
        """A new account; `password_hash` lets many demo accounts share one hashing."""
        if not LOGIN.match(login):
            raise InvalidCommand(f"a login is 1-100 letters, digits or @._- and starts with a "
                                 f"letter or digit; got {login!r}")
        grants = tuple(check_grant(g) for g in grants)
        if person is not None:
            holder = next((a.login for a in self.store.all() if a.person == person), None)
            if holder is not None:  # two sign-ins for one elector would be two votes for one person
                raise Refused("one sign-in", f"{person} already has a sign-in ({holder}); "
                                             "reset its password instead of issuing another")
        stored = StoredAccount(login, password_hash or self._hash(password), name or login,
                               person, demo, self._now(), grants)
        if not self.store.add(stored):
            raise Refused("exists", f"an account {login!r} already exists")
        return _public(stored)

    def set_password(self, login: str, password: str, password_hash: str | None = None) -> None:
        if self._stored(login) is None:
            raise NotFound("account", login)
        self.store.set_password(login, password_hash or self._hash(password))

    def change_password(self, login: str, current: str, new: str, address: str | None = None,
                        keep_token: str | None = None) -> bool:
        """Give `login` the password `new` if `current` is its password now; False if it is not.

        The current password is checked as a sign-in is, under the same limit (a stolen
        session must not become a way to guess the password past it), and a wrong one
        counts as a failed sign-in. Every other session of the account ends: whoever
        signed in with the old password is signed out (`keep_token`, the session that
        asked, stays).
        """
        if not isinstance(new, str) or not MIN_PASSWORD <= len(new) <= MAX_PASSWORD:
            raise InvalidCommand(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")
        if new == current:
            raise InvalidCommand("the new password is the same as the current one")
        if self.authenticate(login, current, address) is None:
            return False
        self._replace_password(login, self._hash(new), keep_token)
        return True

    def reset_password(self, login: str, new: str) -> None:
        """Give `login` the password `new` without the old one (an admin's or operator's act).

        Who may do this is decided by the caller (`AuthorisedGovernance.reset_password`
        for the API and the web; the CLI runs as the operator of the database). Every
        session of the account ends, and its failed sign-ins are forgotten, so the person
        can sign in at once with the new password.
        """
        if self._stored(login) is None:
            raise NotFound("account", login)
        self._replace_password(login, self._hash(new), None)
        self.sign_in_limit.succeeded(login, None)

    def _replace_password(self, login: str, password_hash: str, keep_token: str | None) -> None:
        self.store.set_password(login, password_hash)
        self.store.drop_sessions(login, _digest(keep_token) if keep_token else None)
        self._forget_login(login)

    def grant(self, login: str, grant: Grant) -> None:
        if self._stored(login) is None:
            raise NotFound("account", login)
        self.store.grant(login, check_grant(grant))
        self._forget_login(login)

    def authenticate(self, login: str, password: str, address: str | None = None) -> Account | None:
        """The account if the password is right; as slow for an unknown login as for a known one.

        Raises `TooManyAttempts` without checking the password when the login, or the
        client `address`, has failed too often lately (see `sign_in_limit`).
        """
        self.sign_in_limit.reserve(login, address)  # counted as failed unless it succeeds
        stored = self._stored(login)
        try:
            self.hasher.verify(stored.password_hash if stored else self._dummy, password)
        except (VerificationError, InvalidHashError):
            return None
        if stored is None:
            return None
        self.sign_in_limit.succeeded(login, address, reserved=True)
        if self.hasher.check_needs_rehash(stored.password_hash):
            self.store.set_password(login, self.hasher.hash(password))
        return _public(stored)

    def open_session(self, account: Account, kind: str) -> str:
        """A new random token; only its digest is stored."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        self.store.add_session(_digest(token), account.login, kind, now.isoformat(timespec="seconds"),
                               (now + SESSION_KINDS[kind]).isoformat(timespec="seconds"))
        return token

    def from_token(self, token: str | None, kind: str) -> Account | None:
        """The account a token signs in, or None; a token looked up lately is not read again."""
        return self.from_tokens([token], kind)[0]

    def from_tokens(self, tokens: Sequence[str | None], kind: str) -> list[Account | None]:
        """`from_token` of each, with those not remembered read from the store at once."""
        unread = {_digest(t) for t in tokens if t is not None and not self.cached_token(t, kind)[0]}
        if unread:
            read = self.store.sessions_accounts(sorted(unread))
            if len(self._tokens) + len(read) > TOKEN_CACHE_SIZE:
                self._tokens.clear()
            now = time.monotonic()
            for digest, (found, stored) in read.items():
                self._tokens[digest] = (now, found, _public(stored) if stored else None)
        out: list[Account | None] = []
        for token in tokens:
            known, account = self.cached_token(token, kind)
            out.append(account if known else None)  # not known even now: no such session
        return out

    def cached_token(self, token: str | None, kind: str) -> tuple[bool, Account | None]:
        """(True, the account or None) if the token is malformed or was looked up lately,
        without touching the database; (False, None) if it must be looked up."""
        if not token or len(token) > 200:
            return True, None
        cached = self._tokens.get(_digest(token))
        if cached is None or time.monotonic() - cached[0] > TOKEN_CACHE_SECONDS:
            return False, None
        return True, self._valid(cached[1], kind, cached[2])

    def _valid(self, found: StoredSession, kind: str, account: Account | None) -> Account | None:
        if found.kind != kind or found.expires_at <= self._now():
            return None
        return account

    def _forget_login(self, login: str) -> None:
        for digest in [d for d, (_, found, _) in list(self._tokens.items()) if found.login == login]:
            self._tokens.pop(digest, None)

    def close_session(self, token: str | None) -> None:
        if token:
            self._tokens.pop(_digest(token), None)
            self.store.drop_session(_digest(token))

    def secret(self, name: str) -> str:
        """A server secret shared by every process on this database (e.g. for CSRF tokens)."""
        if name not in self._secrets:
            self._secrets[name] = self.store.secret(name, lambda: secrets.token_urlsafe(32))
        return self._secrets[name]


# --- the demo's sign-ins ------------------------------------------------------------------


def demo_present(persons: Collection[str], polities: Collection[str]) -> bool:
    """Whether the ledger holds the demo union (`councils demo`), so its sign-ins make sense."""
    return "union" in polities and "ukraine-olena" in persons


DemoLogin = tuple[str, str, str | None, tuple[Grant, ...]]


def demo_logins(persons: Collection[str], polities: Mapping[str, str]) -> list[DemoLogin]:
    """(login, name, person, grants) of every demo sign-in: the admin, a clerk of every union
    (its officer) and republic, an observer of every republic, and one elector per person."""
    out: list[DemoLogin] = [
        ("admin", "Administrator", None, (Grant("admin", "*"),))]
    for polity, kind in polities.items():
        role = "union officer" if kind == "union" else "clerk"
        out.append((f"clerk@{polity}", f"{role.capitalize()} of {polity}", None,
                    (Grant("clerk", polity),)))
        if kind == "republic":
            out.append((f"observer@{polity}", f"Observer of {polity}", None,
                        (Grant("observer", polity),)))
    out.extend((person, person, person, ()) for person in persons)
    return out


def ensure_demo_accounts(accounts: Accounts, persons: Mapping[str, str | None],
                         polities: Mapping[str, str], password: str) -> list[str]:
    """Create the demo sign-ins that are missing and give every demo account `password`.

    The password is new at every start and printed, so an old demo database never keeps
    a password someone else saw; accounts not made by the demo are never touched.
    """
    shared = accounts.hasher.hash(password)
    logins = []
    for login, name, person, grants in demo_logins(list(persons), polities):
        existing = accounts.store.get(login)
        if existing is None:
            accounts.create(login, password, name=(persons.get(person) if person else None) or name,
                            person=person, grants=grants, demo=True, password_hash=shared)
        elif existing.demo:
            accounts.store.set_password(login, shared)
        else:
            continue
        logins.append(login)
    return logins
