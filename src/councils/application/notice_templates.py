"""The words of a notice's e-mail in each language the engine writes them in (issue 15 item 2):
English, Russian, Ukrainian, and the languages the demo's autonomous units declare.

A notice goes out in the language its recipient chose if the body it concerns declares that
language (its republic's `declare_languages`, domain/nations.py), else in the body's first
declared language; a body that declares none, or only languages without templates here,
writes in English. The question's own text is given in the chosen language where the clerk
gave it in that language (`Question.text_in`).

Plain `str.format` templates, not the web's gettext catalogues: the application may not read
the interfaces' files, and an e-mail is five sentences of four kinds.
"""

from __future__ import annotations

from typing import Final

DEFAULT_LANGUAGE: Final = "en"

TEMPLATES: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "en": {
        "opened": ("Question opened: {text}", "A question is open in {where}: {text}\nYou are on its roll."),
        "closing": ("Closing soon: {text}", 'The question "{text}" in {where} closes at {closes}.'),
        "decided": ("Result declared: {text}", 'The question "{text}" in {where} is decided: {outcome}.'),
        "recalled": ("Your delegate {person} is recalled",
                     "{person} no longer holds the seat of {constituency} in {where}; a by-election follows."),
    },
    "ru": {
        "opened": ("Открыт вопрос: {text}", "В органе «{where}» открыт вопрос: {text}\nВы в списке голосующих."),
        "closing": ("Скоро закрытие: {text}", "Вопрос «{text}» в органе «{where}» закрывается {closes}."),
        "decided": ("Объявлен итог: {text}", "Вопрос «{text}» в органе «{where}» решён: {outcome}."),
        "recalled": ("Ваш делегат {person} отозван",
                     "{person} больше не занимает место от «{constituency}» в органе «{where}»; "
                     "будут проведены довыборы."),
    },
    "uk": {
        "opened": ("Відкрито питання: {text}", "В органі «{where}» відкрито питання: {text}\nВи в списку тих, "
                                               "хто голосує."),
        "closing": ("Незабаром закриття: {text}", "Питання «{text}» в органі «{where}» закривається {closes}."),
        "decided": ("Оголошено підсумок: {text}", "Питання «{text}» в органі «{where}» вирішено: {outcome}."),
        "recalled": ("Вашого делегата {person} відкликано",
                     "{person} більше не займає місце від «{constituency}» в органі «{where}»; "
                     "відбудуться довибори."),
    },
    # The languages the demo's autonomous units declare (Moldavian, Tatar, Chuvash): drafted by
    # the engineers, not by native speakers; a republic's own speakers should review them.
    "ro": {
        "opened": ("Întrebare deschisă: {text}", "O întrebare este deschisă în {where}: {text}\nSunteți pe lista "
                                                  "celor care votează."),
        "closing": ("Se închide în curând: {text}", "Întrebarea „{text}” din {where} se închide la {closes}."),
        "decided": ("Rezultat declarat: {text}", "Întrebarea „{text}” din {where} este hotărâtă: {outcome}."),
        "recalled": ("Delegatul dumneavoastră {person} este revocat",
                     "{person} nu mai deține locul din {constituency} în {where}; urmează alegeri parțiale."),
    },
    "tt": {
        "opened": ("Мәсьәлә ачылды: {text}", "«{where}» органында мәсьәлә ачылды: {text}\nСез тавыш бирүчеләр "
                                             "исемлегендә."),
        "closing": ("Тиздән ябыла: {text}", "«{where}» органындагы «{text}» мәсьәләсе {closes} ябыла."),
        "decided": ("Нәтиҗә игълан ителде: {text}", "«{where}» органындагы «{text}» мәсьәләсе хәл ителде: "
                                                    "{outcome}."),
        "recalled": ("Сезнең делегат {person} кире чакырылды",
                     "{person} инде «{where}» органында «{constituency}» урынын биләми; өстәмә сайлаулар "
                     "үткәреләчәк."),
    },
    "cv": {
        "opened": ("Ыйтӑва уҫнӑ: {text}", "«{where}» органӗнче ыйтӑва уҫнӑ: {text}\nЭсир сасӑлакансен "
                                          "списокӗнче."),
        "closing": ("Часах хупӑнать: {text}", "«{where}» органӗнчи «{text}» ыйту {closes} хупӑнать."),
        "decided": ("Результатне пӗлтернӗ: {text}", "«{where}» органӗнчи «{text}» ыйтӑва татса панӑ: {outcome}."),
        "recalled": ("Сирӗн делегата {person} чӗнсе илнӗ",
                     "{person} «{where}» органӗнче «{constituency}» вырӑнне йышӑнмасть; хушма суйлав пулать."),
    },
}

OUTCOMES: Final[dict[str, dict[str, str]]] = {
    "ru": {"yes": "да", "no": "нет"},
    "uk": {"yes": "так", "no": "ні"},
    "ro": {"yes": "da", "no": "nu"},
    "tt": {"yes": "әйе", "no": "юк"},
    "cv": {"yes": "ҫапла", "no": "ҫук"},
}
"""The two outcomes of a yes-or-no question in words; a candidate's name stays as it is."""

assert all(set(kinds) == set(TEMPLATES[DEFAULT_LANGUAGE]) for kinds in TEMPLATES.values())


def pick_language(declared: tuple[str, ...], chosen: str | None) -> str:
    """The person's language if the body declares it, else the body's first, else English
    (a declared language without a template here is passed over for the next)."""
    if chosen and chosen in declared and chosen in TEMPLATES:
        return chosen
    return next((lang for lang in declared if lang in TEMPLATES), DEFAULT_LANGUAGE)


def render(language: str, kind: str, **fields: str) -> tuple[str, str]:
    """The subject and the body of a notice of `kind` in `language` (English if there is no template)."""
    subject, body = TEMPLATES.get(language, TEMPLATES[DEFAULT_LANGUAGE])[kind]
    if "outcome" in fields:
        fields["outcome"] = OUTCOMES.get(language, {}).get(fields["outcome"], fields["outcome"])
    return subject.format(**fields), body.format(**fields)
