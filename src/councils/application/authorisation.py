"""Who may do what: every command passes here, with the account that sends it, before the engine.

The engine's rules (R1-R10) say what a *body* may decide; this layer says which *account*
may put a command to a body. It sits in the application layer, not in the web pages, so
the API, the web UI and any future interface refuse the same things for the same reasons:

- a clerk acts only in the bodies of the polity (or the one body) of their grant, so no
  one acts in a body of another republic, and a union officer cannot open a question in a
  member's congress (R6);
- a ballot is cast only by the account linked to the voter (one person, their own ballot);
  whether that person may vote at all is the engine's roll (R1), shown as the engine says it;
- a recall is opened by the clerk or by an elector of the delegate's own constituency (R8);
- founding a union or republic is the admin's; observers only read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from threading import RLock
from typing import Any

from councils.application.accounts import Account, Accounts, Grant, check_grant
from councils.application.governance import Applied, Governance
from councils.application.nations_authorisation import NATION_COMMANDS, polities_acting
from councils.application.pipeline import Outcome
from councils.constitution.loader import PRESETS
from councils.domain.commands import (
    CastBallot,
    CastEncryptedBallot,
    CloseQuestion,
    CloseSitting,
    Command,
    ConveneAssembly,
    ConveneSitting,
    CreateCouncil,
    FoundRepublic,
    FoundUnion,
    OpenQuestion,
    PostComment,
    ReceiveResident,
    RegisterPerson,
    SignPetition,
    StartPetition,
    SubmitPartialDecryption,
    SubmitShuffle,
    SubmitTellerKey,
    parse_command,
)
from councils.domain.errors import DomainError, InvalidCommand, NotFound, Refused, Rule
from councils.domain.rules.r1_franchise import is_elector
from councils.domain.state import Body, State

AUTHORISATION = "authorisation"
OWN_BALLOT = "own ballot"
PASSWORD = "current password"


class Forbidden(Refused):
    """The account may not send this command; named by the rule that forbids it."""


class Unauthenticated(DomainError):
    """No one is signed in; commands need an account."""

    label = "unauthenticated"


def _polity_of_scope(state: State, scope: str) -> str | None:
    if scope in state.polities:
        return scope
    body = state.bodies.get(scope)
    return body.polity if body else None


def _covers(grant: Grant, polity: str, body: str | None) -> bool:
    return grant.scope == polity or (body is not None and grant.scope == body)


def clerk_of(actor: Account, polity: str, body: str | None = None) -> bool:
    return any(g.role == "clerk" and _covers(g, polity, body) for g in actor.grants)


def clerk_anywhere_in(state: State, actor: Account | None, polity: str) -> bool:
    """Whether `actor` clerks the polity or any one of its bodies (for the clerk's page)."""
    return actor is not None and any(
        g.role == "clerk" and _polity_of_scope(state, g.scope) == polity for g in actor.grants)


def _refuse_clerk_act(state: State, actor: Account, polity: str, body: str | None,
                      act: str) -> Forbidden:
    """Why `actor` may not do `act` in `body` of `polity`, naming the rule it would break."""
    where = body or polity
    elsewhere = sorted({p for g in actor.grants if g.role == "clerk"
                        if (p := _polity_of_scope(state, g.scope)) and p != polity})
    target = state.polities.get(polity)
    for own in elsewhere:
        mine = state.polities.get(own)
        if mine is not None and mine.kind == "union" and target is not None and target.union == own:
            return Forbidden(Rule.R6, f"{actor.login} is an officer of the union {own}; {where} is a "
                                      f"body of the member republic {polity}, which alone may "
                                      f"{act} there")
    if elsewhere:
        return Forbidden(Rule.R6, f"{actor.login} is a clerk of {', '.join(elsewhere)}; {where} "
                                  f"belongs to {polity}, and no one may {act} in a body of "
                                  "another republic")
    if any(g.role == "observer" and _covers(g, polity, body) for g in actor.grants):
        return Forbidden(AUTHORISATION, f"{actor.login} is an observer of {polity}: observers read; "
                                        f"only a clerk of {where} may {act}")
    if actor.is_admin:
        return Forbidden(AUTHORISATION, f"the admin founds unions and republics and manages "
                                        f"accounts; only a clerk of {where} may {act}")
    return Forbidden(AUTHORISATION, f"{actor.login} holds no clerk role in {polity}; only a clerk "
                                    f"of {where} may {act}")


def require_clerk(state: State, actor: Account | None, polity: str, body: str | None,
                  act: str) -> None:
    """Raise unless `actor` is a clerk of `body` (or of its whole `polity`)."""
    if actor is None:
        raise Unauthenticated(f"sign in as a clerk of {body or polity} to {act}")
    if not clerk_of(actor, polity, body):
        raise _refuse_clerk_act(state, actor, polity, body, act)


def is_elector_of(state: State, actor: Account, body: Body, year: int) -> bool:
    """Whether the actor's person is an elector of the body's constituency now."""
    if actor.person is None or body.kind != "council":
        return False
    person = state.persons.get(actor.person)
    if person is None or person.council not in state.subtree(body.id):
        return False
    return is_elector(state.polities[body.polity], person, year)


def _open_question(state: State, actor: Account, c: OpenQuestion, year: int) -> None:
    body = state.bodies.get(c.body)
    if body is None:
        return  # the engine says that the body does not exist
    if clerk_of(actor, body.polity, body.id):
        return
    if c.kind == "recall":
        if is_elector_of(state, actor, body, year):
            return
        raise Forbidden(Rule.R8, f"only the electors of {body.id} (or its clerk) may call a recall "
                                 f"there; {actor.login} is not one of them")
    raise _refuse_clerk_act(state, actor, body.polity, body.id, "open questions")


def _cast_ballot(state: State, actor: Account, c: CastBallot) -> None:
    if actor.person is None:
        raise Forbidden(OWN_BALLOT, f"{actor.login} is not linked to a registered person, so it "
                                    "casts no ballot")
    if c.voter != actor.person:
        raise Forbidden(OWN_BALLOT, f"{actor.login} votes only as {actor.person}, not as {c.voter}")


OWN_SIGNATURE = "own signature"
_REGISTER_COMMANDS = ("move_resident", "change_class", "record_departure", "deprive_rights",
                      "restore_rights")


def _petition(state: State, actor: Account, c: StartPetition | SignPetition, year: int) -> None:
    """An elector starts and signs a petition only as themselves; a republic signs by its clerk."""
    if isinstance(c, SignPetition) and c.republic is not None:
        require_clerk(state, actor, c.republic, None, "sign a petition on behalf of the republic")
        return
    if isinstance(c, StartPetition) and c.kind == "congress":
        union = state.polities.get(c.union or "")
        members = union.members if union is not None else []
        if not any(clerk_of(actor, m) for m in members) and not clerk_of(actor, c.union or ""):
            raise Forbidden(AUTHORISATION, f"a petition to call the congress of {c.union} is started "
                                           f"by a clerk of one of its member republics; "
                                           f"{actor.login} is not one")
        return
    if isinstance(c, StartPetition):
        body = state.bodies.get(c.body or "")
        if body is not None and clerk_of(actor, body.polity, body.id):
            return
        if body is not None and c.kind == "recall" and not is_elector_of(state, actor, body, year):
            raise Forbidden(Rule.R8, f"only the electors of {body.id} (or its clerk) may start a "
                                     f"petition to recall its delegate; {actor.login} is not one of them")
        if body is not None and c.kind == "proposal" and not is_elector_of(state, actor, body, year):
            raise Forbidden(AUTHORISATION, f"a motion is proposed to {body.id} by its electors; "
                                           f"{actor.login} is not one of them")
    if c.person is not None and c.person != actor.person:
        raise Forbidden(OWN_SIGNATURE, f"{actor.login} signs and starts petitions only as "
                                       f"{actor.person or 'no registered person'}, not as {c.person}")
    if isinstance(c, SignPetition) and c.person is None:
        raise Forbidden(OWN_SIGNATURE, f"{actor.login} signs only as the person it is linked to")


def authorise(state: State, actor: Account | None, command: Command, year: int) -> None:
    """Raise Forbidden (or Unauthenticated) unless `actor` may send `command`."""
    if actor is None:
        raise Unauthenticated("sign in to send commands")
    if isinstance(command, FoundUnion | FoundRepublic):
        if not actor.is_admin:
            raise Forbidden(AUTHORISATION, "only the admin founds a union or a republic")
    elif isinstance(command, CreateCouncil):
        require_clerk(state, actor, command.republic, None, "create councils")
    elif isinstance(command, ConveneAssembly):
        require_clerk(state, actor, command.republic, None, "convene an assembly")
    elif isinstance(command, RegisterPerson):
        body = state.bodies.get(command.council)
        if body is not None:
            require_clerk(state, actor, body.polity, body.id, "register residents")
    elif isinstance(command, OpenQuestion):
        _open_question(state, actor, command, year)
    elif isinstance(command, CloseQuestion):
        q = state.questions.get(command.question)
        if q is not None:
            require_clerk(state, actor, q.polity, q.body, "close questions")
    elif isinstance(command, CastBallot):
        _cast_ballot(state, actor, command)
    elif isinstance(command, CastEncryptedBallot):  # an encrypted ballot: one's own (issue 14)
        if command.voter != actor.person:
            raise Forbidden(OWN_BALLOT, f"{actor.login} votes only as {actor.person or 'no registered person'}, "
                                        f"not as {command.voter}")
    elif isinstance(command, SubmitTellerKey | SubmitPartialDecryption | SubmitShuffle):  # a teller's own acts
        if command.teller != actor.person:
            raise Forbidden(AUTHORISATION, f"{actor.login} acts as a teller only as "
                                           f"{actor.person or 'no registered person'}, not as {command.teller}")
    elif isinstance(command, StartPetition | SignPetition):
        _petition(state, actor, command, year)
    elif isinstance(command, PostComment):
        if command.person != actor.person:
            raise Forbidden(OWN_SIGNATURE, f"{actor.login} comments only as "
                                           f"{actor.person or 'no registered person'}, not as {command.person}")
    elif isinstance(command, ConveneSitting):  # a sitting of a body: its clerk (issue 15)
        body = state.bodies.get(command.body)
        if body is not None:
            require_clerk(state, actor, body.polity, body.id, "convene a sitting")
    elif isinstance(command, CloseSitting):
        sitting = state.sittings.get(command.sitting)
        if sitting is not None:
            require_clerk(state, actor, sitting.polity, sitting.body, "close a sitting")
    elif isinstance(command, ReceiveResident):
        body = state.bodies.get(command.council)
        if body is not None:
            require_clerk(state, actor, body.polity, body.id, "receive residents")
    elif isinstance(command, NATION_COMMANDS):  # a clerk of a polity it acts in (issue 12)
        polities, act = polities_acting(state, command)
        if polities and not any(clerk_of(actor, p) for p in polities):
            raise _refuse_clerk_act(state, actor, polities[0], None, act)
    elif command.name in _REGISTER_COMMANDS:
        person = state.persons.get(getattr(command, "person", ""))
        if person is not None:
            require_clerk(state, actor, person.republic, person.council, "keep the register")




class AuthorisedGovernance:
    """Governance with an actor: authorise, then handle; one lock for every reader and writer.

    The in-memory state of `Governance` is not safe to share between threads, and a web
    server handles requests on many; the lock serialises them (commands are short).
    """

    def __init__(self, gov: Governance, accounts: Accounts, lock: RLock | None = None) -> None:
        self.gov = gov
        self.accounts = accounts
        self.lock = lock or RLock()

    def state(self) -> State:
        with self.lock:
            return self.gov.state

    def check(self, actor: Account | None, raw: Mapping[str, Any] | Command) -> Command:
        """Parse and authorise, before anything else is looked at.

        A constitution given by name is resolved only after authorisation, and only if it
        is a preset: a file path would let a caller probe the server's files.
        """
        with self.lock:
            command = raw if isinstance(raw, Command) else parse_command(raw)
            authorise(self.gov.state, actor, command, self.gov.clock().year)
            self._check_constitution(command)
            return self.gov.parse(command)

    @staticmethod
    def _check_constitution(command: Command) -> None:
        if (isinstance(command, FoundUnion | FoundRepublic)
                and isinstance(command.constitution, str)
                and command.constitution not in PRESETS):
            raise InvalidCommand(f"constitution {command.constitution!r}: name a preset "
                                 f"({', '.join(PRESETS)}) or give the document inline")

    def handle(self, actor: Account | None, raw: Mapping[str, Any] | Command) -> Applied:
        """Authorise and apply one command atomically, or raise having changed nothing."""
        with self.lock:
            return self.gov.handle(self.check(actor, raw))

    def handle_group(self, requests: Sequence[tuple[Account | None, Mapping[str, Any] | Command]]
                     ) -> list[Outcome]:
        """Apply the commands of many senders in one transaction, each on its own (a group commit).

        Each is authorised and decided on the state the ones before it leave, exactly as
        if `handle` had been called for each in turn, and refused or applied alone.
        """
        actors = [actor for actor, _ in requests]

        def check(index: int, state: State, command: Command) -> None:
            authorise(state, actors[index], command, year)
            self._check_constitution(command)

        with self.lock:
            year = self.gov.clock().year
            return self.gov.handle_group([raw for _, raw in requests], check)

    def handle_each(self, actor: Account | None,
                    raws: Iterable[Mapping[str, Any] | Command]) -> list[Outcome]:
        """Apply many independent commands of one actor (a CSV upload), each succeeding or failing alone,
        in one transaction."""
        commands = list(raws)
        return self.handle_group([(actor, raw) for raw in commands])

    # --- accounts --------------------------------------------------------------------

    def create_account(self, actor: Account | None, login: str, password: str, *, name: str = "",
                       person: str | None = None, grants: tuple[Grant, ...] = ()) -> Account:
        """The admin creates any account; a clerk creates sign-ins for residents of their republic."""
        if actor is None:
            raise Unauthenticated("sign in to create accounts")
        with self.lock:
            state = self.gov.state
            if person is not None and person not in state.persons:
                raise NotFound("person", person)
            if not actor.is_admin:
                if grants:
                    raise Forbidden(AUTHORISATION, "only the admin grants roles")
                if person is None:
                    raise Forbidden(AUTHORISATION, "a clerk creates sign-ins only for registered "
                                                   "residents")
                resident = state.persons[person]
                require_clerk(state, actor, resident.republic, resident.council,
                               "create sign-ins for residents")
            for grant in grants:
                check_grant(grant)
                if grant.scope != "*" and _polity_of_scope(state, grant.scope) is None:
                    raise NotFound("polity or body", grant.scope)
            return self.accounts.create(login, password, name=name, person=person, grants=grants)

    def change_password(self, actor: Account | None, current: str, new: str,
                        address: str | None = None, keep_token: str | None = None) -> None:
        """The signed-in person changes their own password, giving the current one."""
        if actor is None:
            raise Unauthenticated("sign in to change your password")
        if not self.accounts.change_password(actor.login, current, new, address, keep_token):
            raise Forbidden(PASSWORD, "the current password is wrong; the password is unchanged")

    def reset_password(self, actor: Account | None, login: str, new: str) -> None:
        """The admin gives an account a new password without the old one (a forgotten one).

        Only the admin: a clerk who could reset a resident's password could sign in and
        vote as that resident, which one sign-in per person exists to prevent.
        """
        if actor is None:
            raise Unauthenticated("sign in to reset a password")
        if not actor.is_admin:
            raise Forbidden(AUTHORISATION, f"only the admin resets another account's password; "
                                           f"{actor.login} is not the admin (change your own "
                                           "with your current password)")
        self.accounts.reset_password(login, new)

    def may_read_register(self, actor: Account | None, republic: str) -> None:
        """The register of residents is read by the republic's clerks and observers, and the admin."""
        if actor is None:
            raise Unauthenticated("sign in to read the register of residents")
        if actor.is_admin:
            return
        with self.lock:
            state = self.gov.state
        for g in actor.grants:
            if g.role in ("clerk", "observer") and _polity_of_scope(state, g.scope) == republic:
                return
        raise Forbidden(AUTHORISATION, f"the register of {republic} is read by its clerks and "
                                       f"observers; {actor.login} is neither")


def permissions(state: State, actor: Account | None, year: int) -> Callable[[str, str], bool]:
    """A predicate for the UI, `can(act, body_id)`: whether to offer a form at all.

    The UI only hides what would be refused; the refusal itself still comes from `authorise`.
    """

    def can(act: str, where: str) -> bool:
        if actor is None:
            return False
        body = state.bodies.get(where)
        polity = body.polity if body else where
        if act == "clerk":
            return clerk_of(actor, polity, body.id if body else None)
        if act == "recall" and body is not None:
            return clerk_of(actor, polity, body.id) or is_elector_of(state, actor, body, year)
        if act == "read_register":
            return actor.is_admin or any(
                g.role in ("clerk", "observer") and _polity_of_scope(state, g.scope) == polity
                for g in actor.grants)
        return False

    return can
