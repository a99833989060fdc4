"""Checklist matching, parity, the wall classifier and name matching: pure units on hand-written page views."""

from __future__ import annotations

from services import auth
from services.checklist import Block, CardView, load_items, match_card, missing, parity, present
from services.matching import card_score, similarity

ALL = {i.id for i in load_items()}


def view(lang: str, *blocks: tuple[str, str], links: tuple[str, ...] = (), elements: tuple[str, ...] = ()) -> CardView:
    return CardView(lang=lang, blocks=[Block(label, text) for label, text in blocks], links=list(links),
                    elements=list(elements))


def test_the_checklist_has_the_ten_items_of_d12() -> None:
    assert ALL == {"documents", "instructions", "video", "upload_limits", "deadline", "fee", "contacts", "complaint",
                   "status_tracking", "standard_link"}


def test_labelled_blocks_match_ru_synonyms_in_any_word_order() -> None:
    result = match_card(view("ru", ("Перечень необходимых документов:", "1) заявление"),
                             ("СРОКИ ОКАЗАНИЯ", "5 дней"), ("Стоимость", "Бесплатно"),
                             ("Порядок обжалования решений", "жалоба руководителю")))
    assert set(present(result)) == {"documents", "deadline", "fee", "complaint"}
    assert result["documents"]["evidence"] == {"block": "Перечень необходимых документов:"}


def test_kk_labels_match_only_a_kk_card() -> None:
    blocks = (("Қажетті құжаттар тізбесі", "өтініш"), ("Шағымдану тәртібі", "шағым"), ("Құны", "тегін"))
    assert set(present(match_card(view("kk", *blocks)))) == {"documents", "complaint", "fee"}
    assert present(match_card(view("ru", *blocks))) == []  # the ru synonyms do not read Kazakh labels


def test_a_heading_with_nothing_under_it_is_not_the_item() -> None:
    assert present(match_card(view("ru", ("Порядок обжалования", "  ")))) == []
    assert present(match_card(CardView("ru", [Block("Видеоинструкция", "", media=1)]))) == ["video"]


def test_links_and_elements_show_items_without_a_label() -> None:
    result = match_card(view("ru", links=("https://adilet.zan.kz/rus/docs/V2000020202",), elements=("video",)))
    assert set(present(result)) == {"standard_link", "video"}
    assert "standard_link" in missing(match_card(view("ru", links=("https://adilet.example/zan.gov.kz/",))))


def test_unrelated_labels_are_not_items() -> None:
    assert present(match_card(view("ru", ("Новости", "текст"), ("Популярные услуги", "список")))) == []


def test_parity_names_what_each_language_lacks() -> None:
    ru = match_card(view("ru", ("Стоимость", "0"), ("Контакты", "1414"), ("Порядок обжалования", "…")))
    kk = match_card(view("kk", ("Құны", "0")))
    assert parity({"ru": ru, "kk": kk}) == {"langs": ["kk", "ru"], "same": False,
                                            "lacking": {"kk": ["complaint", "contacts"]}}
    assert parity({"ru": ru})["same"] is None
    same = parity({"ru": match_card(view("ru", ("Стоимость", "0"))), "kk": kk})
    assert same["same"] is True and same["lacking"] == {}


def test_the_wall_is_recognised_by_its_controls_not_by_a_mention() -> None:
    card = {"text": "Для получения услуги нужна ЭЦП и NCALayer.", "controls": ["Заказать услугу"], "password": 0,
            "otp": 0, "key_file": 0}
    assert auth.classify(card) == []
    eds = dict(card, controls=["Выбрать сертификат ЭЦП"])
    assert auth.classify(eds) == ["eds"]
    sms = {"text": "Введите код из SMS", "controls": [], "password": 0, "otp": 1, "key_file": 0}
    assert auth.classify(sms) == ["sms"]
    assert auth.classify(dict(sms, text="Введите код")) == []  # a code field with no SMS in sight is not an SMS wall
    assert auth.classify({"text": "Вход", "controls": [], "password": 1, "otp": 0, "key_file": 0}) == ["login"]
    assert auth.classify({"text": "", "controls": [], "password": 0, "otp": 0, "key_file": 1}) == ["eds"]


def test_name_similarity_tolerates_case_endings_and_rewording() -> None:
    official = "Выдача разрешений на эмиссии в окружающую среду для объектов I категории"
    assert similarity(official, "Разрешение на эмиссии в окружающую среду (I категория)") >= 0.5
    assert similarity(official, "Регистрация по месту жительства") < 0.2
    assert card_score([official], "1201009", None, "http://x/a", "Другое", "", "Код 1201009 в реестре") == 1.0
    assert card_score([official], None, "http://x/card/", "http://x/card", "", "", "") == 1.0
