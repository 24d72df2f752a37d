"""Accounts in SQL (SQLite or PostgreSQL), in the same database as the ledger.

Kept in the ledger's database so one URL is the whole installation, but in tables of
their own that no export, replay or archive touches.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Sequence

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from councils.adapters.accounts_tables import (
    account_roles,
    accounts,
    server_secrets,
    sessions,
    sign_in_attempts,
)
from councils.application.accounts import Grant, StoredAccount, StoredSession
from councils.application.sign_in_limit import Change, Key, MemoryAttempts

_CHUNK = 500  # values in one IN (...) list
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9@._:\[\]-]{1,100}$")


def _stored_key(value: str) -> str:
    """A login or address as its row's key: as given if short and plain, else its SHA-256 (a
    guesser's login may be any text: long, or with a NUL PostgreSQL would refuse to store)."""
    if _PLAIN_KEY.match(value):
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


class SqlAccountStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Across processes the database's locks serialise attempts; within one, this lock also
        # keeps threads sharing a single in-memory SQLite connection from interleaving.
        self._attempts_lock = threading.Lock()
        # A database in memory is this process's alone, and its one connection is shared by every
        # thread (a read's rollback on return would undo an attempt's transaction): its sign-in
        # failures are kept in memory, which is as shared as that database is.
        self._memory = MemoryAttempts() if engine.url.database in (None, "", ":memory:") else None

    def _reading(self) -> Connection:
        """A read that, on SQLite, neither takes nor waits for the ledger's write lock (WAL)."""
        return self.engine.connect().execution_options(sqlite_begin="DEFERRED")

    @staticmethod
    def _grants(conn: Connection, login: str) -> tuple[Grant, ...]:
        rows = conn.execute(select(account_roles.c.role, account_roles.c.scope)
                            .where(account_roles.c.login == login)
                            .order_by(account_roles.c.role, account_roles.c.scope)).all()
        return tuple(Grant(r.role, r.scope) for r in rows)

    def _account(self, conn: Connection, login: str) -> StoredAccount | None:
        row = conn.execute(select(accounts).where(accounts.c.login == login)).first()
        if row is None:
            return None
        return StoredAccount(row.login, row.password_hash, row.name, row.person, bool(row.demo),
                             row.created_at, self._grants(conn, row.login))

    def get(self, login: str) -> StoredAccount | None:
        with self._reading() as conn:
            return self._account(conn, login)

    def all(self) -> list[StoredAccount]:
        with self._reading() as conn:
            rows = conn.execute(select(accounts).order_by(accounts.c.login)).all()
            grants: dict[str, list[Grant]] = {}
            for g in conn.execute(select(account_roles).order_by(account_roles.c.role,
                                                                 account_roles.c.scope)):
                grants.setdefault(g.login, []).append(Grant(g.role, g.scope))
        return [StoredAccount(r.login, r.password_hash, r.name, r.person, bool(r.demo), r.created_at,
                              tuple(grants.get(r.login, ()))) for r in rows]

    def add(self, account: StoredAccount) -> bool:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(accounts).values(
                    login=account.login, password_hash=account.password_hash, name=account.name,
                    person=account.person, demo=account.demo, created_at=account.created_at))
                if account.grants:
                    conn.execute(insert(account_roles), [
                        {"login": account.login, "role": g.role, "scope": g.scope}
                        for g in account.grants])
        except IntegrityError:
            return False
        return True

    def set_password(self, login: str, password_hash: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(accounts).where(accounts.c.login == login)
                         .values(password_hash=password_hash))

    def grant(self, login: str, grant: Grant) -> None:
        with self.engine.begin() as conn:
            exists = conn.execute(select(account_roles.c.login).where(
                account_roles.c.login == login, account_roles.c.role == grant.role,
                account_roles.c.scope == grant.scope)).first()
            if exists is None:
                conn.execute(insert(account_roles).values(login=login, role=grant.role,
                                                          scope=grant.scope))

    def add_session(self, token_hash: str, login: str, kind: str, created_at: str,
                    expires_at: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.expires_at < created_at))
            conn.execute(insert(sessions).values(token_hash=token_hash, login=login, kind=kind,
                                                 created_at=created_at, expires_at=expires_at))

    def session(self, token_hash: str) -> StoredSession | None:
        with self._reading() as conn:
            row = conn.execute(select(sessions).where(sessions.c.token_hash == token_hash)).first()
        return StoredSession(row.login, row.kind, row.expires_at) if row else None

    def sessions_accounts(self, token_hashes: Sequence[str]
                          ) -> dict[str, tuple[StoredSession, StoredAccount | None]]:
        """The sessions of these digests with their accounts, in a few queries on one connection
        (the signed-in requests of a group, looked up at once)."""
        found: dict[str, tuple[StoredSession, StoredAccount | None]] = {}
        with self._reading() as conn:
            for i in range(0, len(token_hashes), _CHUNK):
                rows = conn.execute(
                    select(sessions.c.token_hash, sessions.c.login, sessions.c.kind,
                           sessions.c.expires_at, accounts.c.login.label("account"),
                           accounts.c.password_hash, accounts.c.name, accounts.c.person,
                           accounts.c.demo, accounts.c.created_at)
                    .select_from(sessions.outerjoin(accounts, accounts.c.login == sessions.c.login))
                    .where(sessions.c.token_hash.in_(token_hashes[i:i + _CHUNK]))).all()
                logins = sorted({r.account for r in rows if r.account is not None})
                grants: dict[str, list[Grant]] = {}
                for j in range(0, len(logins), _CHUNK):
                    for g in conn.execute(select(account_roles)
                                          .where(account_roles.c.login.in_(logins[j:j + _CHUNK]))
                                          .order_by(account_roles.c.role, account_roles.c.scope)):
                        grants.setdefault(g.login, []).append(Grant(g.role, g.scope))
                for r in rows:
                    account = None if r.account is None else StoredAccount(
                        r.account, r.password_hash, r.name, r.person, bool(r.demo), r.created_at,
                        tuple(grants.get(r.account, ())))
                    found[r.token_hash] = (StoredSession(r.login, r.kind, r.expires_at), account)
        return found

    def drop_session(self, token_hash: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == token_hash))

    def drop_sessions(self, login: str, keep: str | None = None) -> int:
        """End every session of `login` but the one whose digest is `keep`; how many ended."""
        query = delete(sessions).where(sessions.c.login == login)
        if keep is not None:
            query = query.where(sessions.c.token_hash != keep)
        with self.engine.begin() as conn:
            return conn.execute(query).rowcount

    def secret(self, name: str, make: Callable[[], str]) -> str:
        """The named secret, made by the first process that asks (a racing one reads it)."""
        query = select(server_secrets.c.value).where(server_secrets.c.name == name)
        with self._reading() as conn:
            row = conn.execute(query).first()
        if row is not None:
            return str(row[0])
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(server_secrets).values(name=name, value=make()))
        except IntegrityError:
            pass  # another process made it first; use theirs
        with self._reading() as conn:
            return str(conn.execute(query).scalar_one())

    def change_attempts(self, keys: Sequence[Key], change: Change) -> None:
        """The sign-in limit's atomic step (`sign_in_limit.AttemptStore`): in one transaction, make
        sure each key's row exists, lock the rows (`FOR UPDATE` on PostgreSQL; SQLite's
        `BEGIN IMMEDIATE` holds the database's write lock), read their times, and write back
        what `change` returns. Rows are locked in one order (login before address), so two
        attempts never wait for each other in a cycle."""
        if self._memory is not None:
            self._memory.change_attempts(keys, change)
            return
        stored = {_stored_key(v): (k, v) for k, v in keys}
        with self._attempts_lock, self.engine.begin() as conn:
            make = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
            rows = [{"kind": k, "key": s, "times": "[]", "latest": 0.0} for s, (k, _) in stored.items()]
            conn.execute(make(sign_in_attempts).values(rows).on_conflict_do_nothing(
                index_elements=["kind", "key"]))
            found: dict[Key, list[float]] = {}
            for key_text, (kind, value) in stored.items():
                times = conn.execute(select(sign_in_attempts.c.times).where(
                    sign_in_attempts.c.kind == kind, sign_in_attempts.c.key == key_text)
                    .with_for_update()).scalar_one()
                found[(kind, value)] = [float(t) for t in json.loads(times)]
            changed = change(found)
            for (kind, value), times in changed.items():
                where = (sign_in_attempts.c.kind == kind, sign_in_attempts.c.key == _stored_key(value))
                if times:
                    conn.execute(update(sign_in_attempts).where(*where).values(
                        times=json.dumps(times), latest=max(times)))
                else:
                    conn.execute(delete(sign_in_attempts).where(*where))

    def prune_attempts(self, before: float) -> int:
        """Forget the rows whose latest failure is older than `before` (out of every window)."""
        if self._memory is not None:
            return self._memory.prune_attempts(before)
        with self._attempts_lock, self.engine.begin() as conn:
            return conn.execute(delete(sign_in_attempts).where(sign_in_attempts.c.latest < before)).rowcount
