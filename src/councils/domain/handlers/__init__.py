"""Decide what a command does: check it against the rules, return the events it causes.

Handlers never change the state; the application appends the events and only then
folds them in, so a refused command (or a failed append) leaves everything as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from councils.domain.commands import (
    CastBallot,
    CastEncryptedBallot,
    ChangeClass,
    CloseQuestion,
    CloseSitting,
    Command,
    ConveneAssembly,
    ConveneSitting,
    CreateCouncil,
    DeclareLanguages,
    DeclareTerritory,
    DepriveRights,
    FoundAutonomy,
    FoundRepublic,
    FoundUnion,
    MoveResident,
    OpenQuestion,
    PostComment,
    ProposeTreaty,
    RatifyTreaty,
    ReceiveResident,
    RecordDeparture,
    RegisterPerson,
    RenounceTreaty,
    RestoreRights,
    SignPetition,
    StartPetition,
    SubmitPartialDecryption,
    SubmitShuffle,
    SubmitTellerKey,
    TransferCouncil,
)
from councils.domain.handlers import (
    ballots,
    closing,
    comments,
    dated,
    encrypted,
    founding,
    nations,
    petitions,
    questions,
    register,
    sittings,
    treaties,
)
from councils.domain.handlers.closing import due, next_due
from councils.domain.handlers.emit import Decision, Emitter
from councils.domain.handlers.windows import closing_due
from councils.domain.ports import Context
from councils.domain.state import State

__all__ = ["Decision", "closing_due", "due", "handle", "next_due"]

_HANDLERS: dict[type[Command], Callable[[State, Any, Context, Emitter], None]] = {
    FoundUnion: founding.found_union,
    FoundRepublic: founding.found_republic,
    CreateCouncil: founding.create_council,
    RegisterPerson: founding.register_person,
    ConveneAssembly: founding.convene_assembly,
    OpenQuestion: questions.open_question,
    CastBallot: ballots.cast_ballot,
    CloseQuestion: closing.close_question,
    StartPetition: petitions.start_petition,
    SignPetition: petitions.sign_petition,
    MoveResident: register.move_resident,
    ReceiveResident: register.receive_resident,
    ChangeClass: register.change_class,
    RecordDeparture: register.record_departure,
    DepriveRights: register.deprive_rights,
    RestoreRights: register.restore_rights,
    PostComment: comments.post_comment,
    ConveneSitting: sittings.convene_sitting,  # a sitting of a body and its agenda (issue 15)
    CloseSitting: sittings.close_sitting,
    FoundAutonomy: nations.found_autonomy,  # nations inside republics, territory, treaties (issue 12)
    DeclareLanguages: nations.declare_languages,
    DeclareTerritory: nations.declare_territory,
    TransferCouncil: nations.transfer_council,
    ProposeTreaty: treaties.propose_treaty,
    RatifyTreaty: treaties.ratify_treaty,
    RenounceTreaty: treaties.renounce_treaty,
    SubmitTellerKey: encrypted.submit_teller_key,  # encrypted questions (issue 14)
    CastEncryptedBallot: encrypted.cast_encrypted_ballot,
    SubmitPartialDecryption: encrypted.submit_partial_decryption,
    SubmitShuffle: encrypted.submit_shuffle,
}


def handle(state: State, command: Command, ctx: Context) -> Decision:
    if command.at is not None:  # recorded as it happened, at its own date (dated history)
        when = dated.check(state, command, ctx.now)
        emit = Emitter(when)
        _HANDLERS[type(command)](state, command, dated.DatedContext(ctx, when), emit)
        return dated.mark_recorded(emit.decision, ctx.now)
    emit = Emitter(ctx.now)
    _HANDLERS[type(command)](state, command, ctx, emit)
    return emit.decision
