"""English relation rules on small sentences written for these tests."""

from __future__ import annotations

import pytest

MEETS = [
    (
        "Joe Biden met Xi Jinping on the sidelines of the summit in Bali on Monday.",
        {("MEETS", "Joe Biden", "Xi Jinping")},
    ),
    (
        "Narendra Modi held talks with Vladimir Putin in Moscow.",
        {("MEETS", "Narendra Modi", "Vladimir Putin")},
    ),
    (
        "Emmanuel Macron was received by Xi Jinping at the Great Hall of the People.",
        {("MEETS", "Emmanuel Macron", "Xi Jinping")},
    ),
    (
        "Antony Blinken and Sergei Lavrov met for 90 minutes in Geneva.",
        {("MEETS", "Antony Blinken", "Sergey Lavrov")},
    ),
    (
        "Marco Rubio, Mike Waltz and Steve Witkoff met Sergei Lavrov in Riyadh.",
        {
            ("MEETS", "Marco Rubio", "Sergey Lavrov"),
            ("MEETS", "Mike Waltz", "Sergey Lavrov"),
            ("MEETS", "Sergey Lavrov", "Steve Witkoff"),
        },
    ),
]
NOT_MEETS = [
    "Joe Biden spoke by phone with Xi Jinping on Tuesday.",
    "A planned meeting between Joe Biden and Xi Jinping was cancelled.",
    "Joe Biden hopes to meet Xi Jinping later this year.",
    "Joe Biden and Xi Jinping will meet in San Francisco next month.",
    "The Kremlin denied that Vladimir Putin had met Donald Trump.",
    "Joe Biden urged Xi Jinping to rein in North Korea.",
]


@pytest.mark.parametrize("text,expected", MEETS)
def test_meets(relations, text, expected):
    found = {r for r in relations(text, "en", "2022-11-14") if r[0] == "MEETS"}
    assert found == expected


@pytest.mark.parametrize("text", NOT_MEETS)
def test_not_meets(relations, text):
    assert not {r for r in relations(text, "en", "2022-11-14") if r[0] == "MEETS"}


def test_role_phrases_and_pronouns(relations):
    text = (
        "The Russian president arrived in Geneva on Wednesday. He met the U.S. "
        "president at a lakeside villa."
    )
    assert ("MEETS", "Joe Biden", "Vladimir Putin") in relations(text, "en", "2021-06-16")


def test_leaders_of_named_states(relations):
    text = "The leaders of Armenia and Azerbaijan shook hands at the White House."
    assert ("MEETS", "Ilham Aliyev", "Nikol Pashinyan") in relations(text, "en", "2025-08-08")


def test_unknown_person_after_title(extract):
    ex = extract(
        "Foreign Minister Zorbat Quillane met Antony Blinken in Washington.", "en", "2023-01-10"
    )
    names = {e.name for e in ex.entities.values()}
    assert "Zorbat Quillane" in names
    assert ex.entities["person/zorbat-quillane"].wikidata is None


@pytest.mark.parametrize(
    "text,agent",
    [
        ("The talks were constructive, according to Reuters.", "Reuters"),
        ("Xi told Biden that Taiwan was a red line, Xinhua reported.", "Xinhua"),
        ("A senior official told Axios the deal was close.", "Axios"),
    ],
)
def test_reports(relations, text, agent):
    assert ("REPORTS", agent) in relations(text, "en")


def test_attends(relations):
    text = (
        "The NATO summit opened in Vilnius on Tuesday. Antony Blinken and Lloyd Austin attended "
        "the summit alongside Joe Biden."
    )
    found = relations(text, "en", "2023-07-11")
    assert {
        ("ATTENDS", "Antony Blinken"),
        ("ATTENDS", "Lloyd Austin"),
        ("ATTENDS", "Joe Biden"),
    } <= found


@pytest.mark.parametrize(
    "text,agent",
    [
        (
            "Recep Tayyip Erdogan offered to host the next round of talks in Istanbul.",
            "Recep Tayyip Erdoğan",
        ),
        (
            "Luiz Inácio Lula da Silva proposed a club of countries to mediate.",
            "Luiz Inácio Lula da Silva",
        ),
        ("Donald Trump invited Volodymyr Zelensky to the White House.", "Donald Trump"),
        (
            "Friedrich Merz spoke first, and von der Leyen floated a lower price "
            "cap on Russian oil.",
            "Ursula von der Leyen",
        ),
        (
            "The minerals deal was first proposed by Treasury Secretary Scott Bessent.",
            "Scott Bessent",
        ),
        ("Emmanuel Macron suggested that a four-way meeting should follow.", "Emmanuel Macron"),
        ("Kyiv criticised a Washington-backed plan for ending the war.", "United States"),
    ],
)
def test_proposes(relations, text, agent):
    assert ("PROPOSES", agent) in relations(text, "en", "2025-02-20")


def test_the_state_after_an_offer_of_something_is_not_its_owner(relations):
    text = (
        "Emmanuel Macron said that Washington had put forward an offer of a "
        "ceasefire between Israel and Iran."
    )
    found = {r for r in relations(text, "en", "2025-06-17") if r[0] == "PROPOSES"}
    assert ("PROPOSES", "Israel") not in found


def test_demands_are_not_proposals(relations):
    assert not {
        r
        for r in relations("Joe Biden called for an immediate ceasefire.", "en")
        if r[0] == "PROPOSES"
    }


def test_outlet_that_could_not_verify_is_no_report(relations):
    assert not {
        r
        for r in relations("Reuters could not independently verify the claim.", "en")
        if r[0] == "REPORTS"
    }
    assert ("REPORTS", "Al Jazeera") in relations(
        "Hamas was not represented, Al Jazeera reported.", "en"
    )


def test_outlet_with_an_apposition_reports(relations):
    text = "The Global Times, a tabloid run by the People's Daily, said the talks had failed."
    found = {r for r in relations(text, "en") if r[0] == "REPORTS"}
    assert found == {("REPORTS", "Global Times")}


def test_symmetric_verb_with_a_later_with_phrase(relations):
    text = (
        "Narendra Modi and Xi Jinping spoke briefly on the sidelines of the summit, an aide said, "
        "with the Indian leader raising the border dispute."
    )
    assert ("MEETS", "Narendra Modi", "Xi Jinping") in relations(text, "en", "2023-08-24")


def test_phone_calls_are_no_meetings(relations):
    text = "Joe Biden spoke with Xi Jinping by telephone on Tuesday."
    assert not {r for r in relations(text, "en", "2023-08-24") if r[0] == "MEETS"}


def test_participle_proposal_belongs_to_the_main_subject(relations):
    text = (
        "Keir Starmer handed Donald Trump a letter at the White House, inviting "
        "him to a state visit."
    )
    found = {r for r in relations(text, "en", "2025-02-27") if r[0] == "PROPOSES"}
    assert found == {("PROPOSES", "Keir Starmer")}


@pytest.mark.parametrize(
    "text,pair",
    [
        (
            "Javad Zarif held talks at the town hall with Jean-Yves Le Drian.",
            ("Mohammad Javad Zarif", "Jean-Yves Le Drian"),
        ),
        (
            "Wang Yi told Kaja Kallas during talks in Brussels that trade would grow.",
            ("Kaja Kallas", "Wang Yi"),
        ),
    ],
)
def test_talks_with_a_later_partner(relations, text, pair):
    found = {r for r in relations(text, "en", "2025-07-02") if r[0] == "MEETS"}
    assert any(set(pair) <= {r[1], r[2]} for r in found), found


@pytest.mark.parametrize(
    "text",
    [
        "A meeting between Vladimir Putin and Volodymyr Zelensky remains "
        "unlikely, the Kremlin said.",
        "Dmitry Peskov ruled out talks between Vladimir Putin and Volodymyr Zelensky.",
        "Vladimir Putin and Volodymyr Zelensky have never met.",
    ],
)
def test_unlikely_and_ruled_out_meetings(relations, text):
    assert not {r for r in relations(text, "en", "2024-07-10") if r[0] == "MEETS"}


def test_object_pronoun_is_the_sentence_topic_not_the_verbs_subject(relations):
    text = (
        "Narendra Modi landed in Moscow on Monday. He was met at the airport by "
        "Denis Manturov and then "
        "driven to Novo-Ogaryovo, where Vladimir Putin hosted him for dinner."
    )
    found = {r for r in relations(text, "en", "2024-07-08") if r[0] == "MEETS"}
    assert ("MEETS", "Narendra Modi", "Vladimir Putin") in found
    assert ("MEETS", "Denis Manturov", "Vladimir Putin") not in found


def test_object_pronoun_from_the_sentence_before(relations):
    text = (
        "Emmanuel Macron arrived in Beijing on Wednesday. Xi Jinping welcomed "
        "him at the Great Hall of the People."
    )
    assert ("MEETS", "Emmanuel Macron", "Xi Jinping") in relations(text, "en", "2023-04-06")


@pytest.mark.parametrize(
    "place", ["at the airport", "on Monday"]
)  # "on" was a YAML boolean (issue 19)
def test_her_is_an_object_only_where_it_cannot_be_a_possessive(place):
    from diplograph.nlp.pipeline import process

    text = (
        f"Annalena Baerbock arrived in Beijing. Wang Yi welcomed her {place} and "
        "praised her counterpart."
    )
    doc = next(process([("t", text, None)], "en"))
    objects = [doc[m.start].idx for m in doc._.mentions if m.kind == "object_pronoun"]
    assert objects == [text.index(f"her {place}")]


def test_sitting_down_with_is_a_meeting(relations):
    text = "Jonathan Powell later sat down with Marco Rubio in Geneva."
    assert ("MEETS", "Jonathan Powell", "Marco Rubio") in relations(text, "en", "2025-11-23")


def test_people_received_one_after_the_other_did_not_meet_each_other(relations):
    text = "Donald Trump received Emmanuel Macron on Monday and Keir Starmer on Thursday."
    found = {r for r in relations(text, "en", "2025-02-28") if r[0] == "MEETS"}
    assert ("MEETS", "Donald Trump", "Emmanuel Macron") in found
    assert ("MEETS", "Emmanuel Macron", "Keir Starmer") not in found


def test_the_owner_of_a_role_is_not_a_participant(relations):
    text = (
        "Keith Kellogg, Donald Trump's envoy for Ukraine, held talks with "
        "Volodymyr Zelensky in Kyiv."
    )
    found = {r for r in relations(text, "en", "2025-02-20") if r[0] == "MEETS"}
    assert ("MEETS", "Keith Kellogg", "Volodymyr Zelenskyy") in found
    assert ("MEETS", "Donald Trump", "Keith Kellogg") not in found


def test_arabic_surnames_with_article(relations):
    text = (
        "Syria's foreign minister Asaad al-Shaibani arrived in Antalya on Wednesday. "
        "Marco Rubio met al-Shaibani there on Thursday."
    )
    assert ("MEETS", "Asaad al-Shaibani", "Marco Rubio") in relations(text, "en", "2025-05-15")


def test_a_meeting_days_before_is_not_part_of_the_articles_event(relations):
    text = (
        "Donald Trump held talks with Volodymyr Zelensky at the White House on Friday. "
        "Trump had received Emmanuel Macron on Monday."
    )
    found = relations(text, "en", "2025-02-28")
    # (two people in talks only meet: the talks are their meeting, see tests/test_attendance.py)
    assert ("MEETS", "Donald Trump", "Volodymyr Zelenskyy") in found
    assert ("MEETS", "Donald Trump", "Emmanuel Macron") in found
    assert ("ATTENDS", "Emmanuel Macron") not in found


def test_a_name_after_a_longer_role_description_is_that_person(relations):
    text = "Steve Witkoff met the head of Egypt's intelligence service, Hassan Rashad, in Cairo."
    assert ("MEETS", "Hassan Rashad", "Steve Witkoff") in relations(text, "en", "2025-10-08")


def test_a_was_elsewhere_in_the_clause_is_no_passive(relations):
    text = (
        "Emmanuel Macron suggested that a summit should be followed by a "
        "four-way meeting, noting that "
        "European security was at stake."
    )
    assert ("PROPOSES", "Emmanuel Macron") in relations(text, "en", "2025-08-18")


def test_because_starts_a_clause_of_its_own(relations):
    text = "Kyiv turned that version down because it offered no security guarantees."
    assert not {r for r in relations(text, "en", "2025-02-28") if r[0] == "PROPOSES"}


def test_who_skipped_the_sessions_did_not_attend(relations):
    text = (
        "The G20 summit opened in Johannesburg on Saturday. Donald Trump "
        "skipped the leaders' sessions, "
        "where the United States was represented by Treasury Secretary Scott Bessent."
    )
    found = relations(text, "en", "2025-11-22")
    assert ("ATTENDS", "Scott Bessent") in found
    assert ("ATTENDS", "Donald Trump") not in found


def test_officials_of_one_state_met_together_did_not_meet_each_other(relations):
    text = (
        "Volodymyr Zelensky held talks with JD Vance and Marco Rubio at the "
        "residence of the US ambassador."
    )
    found = {r for r in relations(text, "en", "2025-05-18") if r[0] == "MEETS"}
    assert found == {
        ("MEETS", "JD Vance", "Volodymyr Zelenskyy"),
        ("MEETS", "Marco Rubio", "Volodymyr Zelenskyy"),
    }


def test_at_someones_invitation_the_visit_took_place(relations):
    text = (
        "Mohammad Javad Zarif arrived at Emmanuel Macron's invitation and held "
        "talks at the town hall "
        "with Jean-Yves Le Drian."
    )
    found = {r for r in relations(text, "en", "2019-08-25") if r[0] == "MEETS"}
    assert found == {("MEETS", "Jean-Yves Le Drian", "Mohammad Javad Zarif")}


def test_signing_something_about_a_state_is_no_meeting(relations):
    text = "Donald Trump also signed a waiver on defence cooperation with Azerbaijan."
    assert not {r for r in relations(text, "en", "2025-08-08") if r[0] == "MEETS"}


def test_an_earlier_occasion_does_not_attend_the_articles_event(relations):
    text = (
        "Donald Trump held talks with Ahmed al-Sharaa in Riyadh on Wednesday. "
        "Until now al-Sharaa had been "
        "received by only one Western head of state, Emmanuel Macron, who "
        "hosted him at the Elysee Palace last week."
    )
    found = relations(text, "en", "2025-05-14")
    assert ("MEETS", "Ahmed al-Sharaa", "Donald Trump") in found
    assert ("MEETS", "Ahmed al-Sharaa", "Emmanuel Macron") in found
    assert ("ATTENDS", "Emmanuel Macron") not in found


def test_a_meeting_in_a_town_named_with_its_description_is_elsewhere(relations):
    text = (
        "RIYADH (Reuters) - Donald Trump held talks with Ahmed al-Sharaa on "
        "Wednesday. Marco Rubio held talks "
        "with Asaad al-Shaibani in the Turkish resort of Antalya."
    )
    found = relations(text, "en", "2025-05-14")
    assert ("MEETS", "Asaad al-Shaibani", "Marco Rubio") in found
    assert ("ATTENDS", "Asaad al-Shaibani") not in found


def test_a_pronoun_after_an_introductory_phrase_is_the_subject_named_first(relations):
    text = (
        "Before flying to Egypt, Donald Trump stopped in Israel, where he was "
        "greeted by Benjamin Netanyahu."
    )
    found = {r for r in relations(text, "en", "2025-10-13") if r[0] == "MEETS"}
    assert found == {("MEETS", "Benjamin Netanyahu", "Donald Trump")}


def test_a_negated_relative_clause_does_not_negate_the_main_clause(relations):
    text = (
        "Volodymyr Zelensky, who did not take part in the negotiations, met "
        "Mohammed bin Salman in Jeddah on Monday."
    )
    assert ("MEETS", "Mohammed bin Salman", "Volodymyr Zelenskyy") in relations(
        text, "en", "2025-03-11"
    )


def test_not_without_an_auxiliary_negates_no_verb(relations):
    text = (
        "Luiz Inácio Lula da Silva has proposed forming a club of countries not "
        "involved in the war to mediate."
    )
    assert ("PROPOSES", "Luiz Inácio Lula da Silva") in relations(text, "en", "2023-04-14")
    assert not {
        r
        for r in relations("Joe Biden has still not met Xi Jinping.", "en", "2023-04-14")
        if r[0] == "MEETS"
    }


def test_royals_go_by_their_given_name(relations):
    text = (
        "Qatar's prime minister, Sheikh Mohammed bin Abdulrahman Al Thani, "
        "hosted the talks in Doha. "
        "Sheikh Mohammed met Steve Witkoff late on Tuesday."
    )
    found = {r for r in relations(text, "en", "2025-01-15") if r[0] == "MEETS"}
    assert found == {("MEETS", "Mohammed bin Abdulrahman Al Thani", "Steve Witkoff")}


def test_a_speaker_proposes_through_a_pronoun(relations):
    found = relations(
        "Cambodia said on Friday that it had proposed an immediate ceasefire.", "en", "2025-07-25"
    )
    assert ("PROPOSES", "Cambodia") in found


def test_the_host_named_by_a_state_adjective(relations):
    text = "Xi Jinping arrived in Kazan on Tuesday. Xi also met his Russian host on Tuesday."
    assert ("MEETS", "Vladimir Putin", "Xi Jinping") in relations(text, "en", "2024-10-22")
    from diplograph.nlp.pipeline import process

    doc = next(
        process(
            [("t", "Emmanuel Macron met Hassan Rouhani. The host had tried to save it.", None)],
            "en",
        )
    )
    hosts = [m for m in doc._.mentions if m.text.lower() == "host"]
    assert hosts and not any(m.ids for m in hosts)  # "the host" alone: not the last leader named


def test_a_visit_to_the_summits_country_is_attending_the_summit(extract):
    text = (
        "KANANASKIS, Alberta (Reuters) - The summit opened on Monday. Among the "
        "guests, Narendra Modi "
        "used his first visit to Canada in a decade to mend ties."
    )
    ex = extract(text, "en", "2025-06-17")
    attended = {
        r.object
        for r in ex.relations
        if r.kind == "ATTENDS" and r.subject == "person/narendra-modi"
    }
    assert attended == {"event/test"}  # the article's summit, not a "Visit to Canada" of its own


def test_an_initial_does_not_end_the_sentence(extract):
    text = (
        "Narendra Modi arrived in Kyiv on Friday for talks. Foreign Minister S. "
        "Jaishankar, who accompanied "
        "Modi, said the trip was overdue."
    )
    ex = extract(text, "en", "2024-08-23")
    sentences = {r.evidence.text for r in ex.relations}
    assert not any(s.endswith("S.") for s in sentences)
    assert ("person/s-jaishankar", "event/test") in {
        (r.subject, r.object) for r in ex.relations if r.kind == "ATTENDS"
    }


def test_a_statement_joined_by_and_does_not_date_the_attendance(extract):
    text = (
        "Erdogan held talks with Putin in Sochi on Monday. Erdogan was "
        "accompanied by a delegation that "
        "included Hakan Fidan, and the two sides also discussed a gas hub first "
        "floated last year in Turkey."
    )
    ex = extract(text, "en", "2023-09-04")
    attended = {r.subject for r in ex.relations if r.kind == "ATTENDS"}
    assert "person/hakan-fidan" in attended


def test_a_coordinated_passive_shares_the_subject(relations):
    text = (
        "In Warsaw, Narendra Modi held talks with Prime Minister Donald Tusk "
        "and was received by President Andrzej Duda."
    )
    found = {r for r in relations(text, "en", "2024-08-22") if r[0] == "MEETS"}
    assert ("MEETS", "Andrzej Duda", "Narendra Modi") in found
    assert ("MEETS", "Andrzej Duda", "Donald Tusk") not in found


def test_officials_joining_their_own_side_do_not_meet_it(relations):
    text = (
        "Narendra Modi sat down with President Joe Biden on Saturday, joined on "
        "the American side by "
        "Secretary of State Antony Blinken."
    )
    found = {r for r in relations(text, "en", "2024-09-21") if r[0] == "MEETS"}
    assert ("MEETS", "Joe Biden", "Narendra Modi") in found
    assert not any(
        "Antony Blinken" in r and ("Joe Biden" in r or "United States" in r) for r in found
    )


def test_a_hyphenated_name_in_apposition_and_its_surname_later(relations):
    text = (
        "The deal was signed in Beijing by Ali Shamkhani and the Saudi national "
        "security adviser, Musaed Al-Aiban, "
        "on Friday. Shamkhani and Al-Aiban then shook hands."
    )
    found = {r for r in relations(text, "en", "2023-03-10") if r[0] == "MEETS"}
    assert ("MEETS", "Ali Shamkhani", "Musaed Al-Aiban") in found


def test_delegations_seated_across_from_each_other_meet(relations):
    text = (
        "Television pictures showed the Saudi and Iranian delegations seated "
        "across from each other in Beijing."
    )
    found = {r for r in relations(text, "en", "2023-03-10") if r[0] == "MEETS"}
    assert ("MEETS", "Iran", "Saudi Arabia") in found


def test_a_verb_after_and_shares_the_sentences_subject(relations):
    text = (
        "Xi Jinping announced that China would host the next summit in Shenzhen "
        "and invited the other leaders to come."
    )
    found = {r for r in relations(text, "en", "2025-11-01") if r[0] == "PROPOSES"}
    assert {r[1] for r in found} == {"Xi Jinping"}


def test_the_month_may_is_no_modal_verb(relations):
    found = relations(
        "Wang Yi had met national security adviser Jake Sullivan in Vienna in May.",
        "en",
        "2023-06-19",
    )
    assert ("MEETS", "Jake Sullivan", "Wang Yi") in found
    found = relations("Wang Yi may meet Jake Sullivan in Vienna.", "en", "2023-06-19")
    assert not any(r[0] == "MEETS" for r in found)


def test_a_visit_noun_is_no_meeting_verb(relations):
    text = (
        "A preparatory visit to Beijing by Daniel Kritenbrink and Sarah Beran "
        "paved the way for the trip. "
        "Joe Biden visited Narendra Modi at his residence."
    )
    found = {r for r in relations(text, "en", "2023-06-19") if r[0] == "MEETS"}
    assert found == {("MEETS", "Joe Biden", "Narendra Modi")}


def test_proposals_worked_out_by_a_coordinated_subject(relations):
    text = (
        "Recep Tayyip Erdogan, for his part, said Turkey and the U.N. had "
        "worked out new proposals to address "
        "Russia's concerns."
    )
    found = {r[1] for r in relations(text, "en", "2023-09-04") if r[0] == "PROPOSES"}
    assert found == {"Turkey", "United Nations"}


def test_meetings_in_gerund_phrases(relations):
    cases = [
        (
            "After meeting Pope Leo XIV at the Vatican, Vice President JD Vance "
            "said the talks had been warm.",
            "2025-05-19",
            ("MEETS", "JD Vance", "Pope Leo XIV"),
        ),
        (
            "Prime Minister Anthony Albanese said after meeting President Donald "
            "Trump at the White House that ties were strong.",
            "2025-10-21",
            ("MEETS", "Anthony Albanese", "Donald Trump"),
        ),
    ]
    for text, date, want in cases:
        assert want in relations(text, "en", date), text


def test_a_ruled_out_meeting_at_the_end_of_a_long_subject(relations):
    text = (
        "A meeting between Chinese Premier Li Qiang and Japanese Prime Minister "
        "Sanae Takaichi at the G20 "
        "in Johannesburg has been ruled out, Beijing said."
    )
    assert not any(r[0] == "MEETS" for r in relations(text, "en", "2025-11-21"))


def test_a_second_verb_after_and_shares_the_first_verbs_subject(relations):
    text = (
        "On Friday, Jake Sullivan paid a courtesy call on Prime Minister "
        "Srettha Thavisin and also met "
        "Foreign Minister Parnpree Bahiddha-nukara."
    )
    found = {r for r in relations(text, "en", "2024-01-27") if r[0] == "MEETS"}
    assert ("MEETS", "Jake Sullivan", "Srettha Thavisin") in found
    assert not any("Srettha Thavisin" in r and "Parnpree Bahiddha-nukara" in r for r in found)
    text = (
        "Donald Trump was received by President Nguyen Phu Trong and also held "
        "talks with Prime Minister "
        "Nguyen Xuan Phuc."
    )
    found = {r for r in relations(text, "en", "2019-02-27") if r[0] == "MEETS"}
    assert len(found) == 2 and all("Donald Trump" in r for r in found)


def test_trilateral_talks_pair_everyone(relations):
    text = (
        "President Emmanuel Macron and Ursula von der Leyen met Xi Jinping for "
        "trilateral talks in Paris."
    )
    found = {r for r in relations(text, "en", "2024-05-06") if r[0] == "MEETS"}
    assert ("MEETS", "Emmanuel Macron", "Ursula von der Leyen") in found and len(found) == 3


def test_persons_qualifying_someone_else_do_not_attend(extract):
    text = (
        "Peace talks opened in Pretoria on Tuesday. The government delegation "
        "was headed by Redwan Hussien, "
        "national security adviser to Prime Minister Abiy Ahmed, while Getachew "
        "Reda, a senior leader of the "
        "TPLF, led the other team. Brett McGurk of the outgoing Biden "
        "administration also took part."
    )
    ex = extract(text, "en", "2022-10-25")
    attendees = {r.subject for r in ex.relations if r.kind == "ATTENDS"}
    assert "person/redwan-hussien" in attendees
    assert not attendees & {"person/abiy-ahmed", "person/joe-biden"}


def test_travelling_with_the_visitor_is_attending(extract):
    text = (
        "Vladimir Putin arrived in Ulaanbaatar on Monday for a state visit. "
        "Kremlin aide Yuri Ushakov, who "
        "travelled with Putin, told reporters the visit was carefully prepared."
    )
    ex = extract(text, "en", "2024-09-03")
    assert "person/yuri-ushakov" in {r.subject for r in ex.relations if r.kind == "ATTENDS"}


def test_handing_something_to_a_person_is_meeting_him(relations):
    text = (
        "Treasury Secretary Scott Bessent, who handed Volodymyr Zelensky a "
        "draft in Kyiv, called it fair."
    )
    found = {r for r in relations(text, "en", "2025-02-20") if r[0] == "MEETS"}
    assert found == {("MEETS", "Scott Bessent", "Volodymyr Zelenskyy")}


def test_the_eus_presidents_received_together_do_not_meet_each_other(relations):
    text = (
        "Xi Jinping received European Council President António Costa and "
        "European Commission President "
        "Ursula von der Leyen in Beijing."
    )
    found = {r for r in relations(text, "en", "2025-07-24") if r[0] == "MEETS"}
    assert found == {
        ("MEETS", "António Costa", "Xi Jinping"),
        ("MEETS", "Ursula von der Leyen", "Xi Jinping"),
    }


def test_korean_given_names_with_a_lowercase_part(extract):
    text = (
        "The summit began at Camp David on Friday. Yoon Suk Yeol was "
        "accompanied by his national security "
        "adviser, Cho Tae-yong."
    )
    ex = extract(text, "en", "2023-08-18")
    assert "Cho Tae-yong" in {e.name for e in ex.entities.values()}


def test_telling_someone_something_at_a_summit_is_meeting_him(relations):
    text = (
        "Vladimir Putin hosted the talks in Sochi on Monday. Putin told Recep "
        "Tayyip Erdogan that Moscow would "
        "not return to the deal."
    )
    assert ("MEETS", "Recep Tayyip Erdoğan", "Vladimir Putin") in relations(
        text, "en", "2023-09-04"
    )
    text = (
        "Vladimir Putin told Recep Tayyip Erdogan in a phone call that Moscow "
        "would not return to the deal."
    )
    assert not any(r[0] == "MEETS" for r in relations(text, "en", "2023-09-04"))


def test_the_proposer_is_not_the_name_in_an_apposition(relations):
    text = "Thailand, a U.S. treaty ally with close ties to Beijing, had offered to host the talks."
    found = {r[1] for r in relations(text, "en", "2024-01-27") if r[0] == "PROPOSES"}
    assert found == {"Thailand"}


def test_a_relative_clause_does_not_date_or_place_the_attendance(extract):
    text = (
        "World leaders gathered in Sharm el-Sheikh on Monday for a peace "
        "summit. Tony Blair, who is expected "
        "to play a role in Gaza's administration, was also in the audience."
    )
    ex = extract(text, "en", "2025-10-13")
    assert "person/tony-blair" in {r.subject for r in ex.relations if r.kind == "ATTENDS"}


def test_no_before_the_talks_negates_the_meeting(extract):
    # "no" was the YAML boolean false in lang/en.yaml's negation list, so this was a meeting (issue
    # 19)
    ex = extract(
        "Joe Biden held no talks with Xi Jinping in Woodside on Wednesday.", "en", "2023-11-17"
    )
    assert not [r for r in ex.relations if r.kind == "MEETS" and r.modality == "asserted"]


# Factuality (issue 15, MODALITY): a meeting in a clause after "before"/"until"/"once" whose verb is
# in the present has not happened yet; a meeting "off the table" or "put on ice" is called off.
# Variants written before the fix; the past tense keeps the meeting.
NOT_YET = [
    "Negotiators are working on the text until Albanese and Lula sit down together in Brasília.",
    "The tariff question must be settled before Meloni and Modi next meet.",
    "Aides are drafting a statement before Lula and Albanese hold talks in Brasília.",
    "Officials want a deal ready once Albanese and Modi meet in Delhi.",
]
CALLED_OFF = [
    "A meeting between Albanese and Lula is off the table for now.",
    "Talks between Meloni and Modi in Rome have been put on ice.",
    "The planned sit-down between Lula and Meloni fell through.",
]


@pytest.mark.parametrize("text", NOT_YET + CALLED_OFF)
def test_meetings_yet_to_come_or_off_the_table(relations, text):
    assert not {r for r in relations(text, "en", "2025-06-10") if r[0] in ("MEETS", "ATTENDS")}


@pytest.mark.parametrize(
    "text,pair",
    [
        (
            "Officials settled the tariff question before Macron and Modi sat down together.",
            ("Emmanuel Macron", "Narendra Modi"),
        ),
        (
            "Talks between Meloni and Modi in Rome ended late at night; a trade "
            "deal is off the table.",
            ("Giorgia Meloni", "Narendra Modi"),
        ),
        (
            "Aides drafted a statement before Lula and Albanese held talks in Brasília.",
            ("Anthony Albanese", "Luiz Inácio Lula da Silva"),
        ),
    ],
)
def test_meetings_in_the_past_before_something_else(relations, text, pair):
    assert ("MEETS", *pair) in relations(text, "en", "2025-06-10")


# Levels (issue 15, LEVEL-MIX): a meeting is between persons or between states, never between a
# person and a state ("discussions with Indonesia" next to a person; "a delegation that included X"
# is X). Variants written before the fix, exact MEETS sets.
@pytest.mark.parametrize(
    "text,lang,pairs",
    [
        ("Meloni said the talks with Tunisia on migration had been productive.", "en", set()),
        ("Lula praised the progress made in recent negotiations with Argentina.", "en", set()),
        (
            "Australia held trade discussions with Indonesia in Jakarta.",
            "en",
            {("Australia", "Indonesia")},
        ),
        (
            "Meloni received Modi and an Indian delegation that included Foreign "
            "Minister Jaishankar.",
            "en",
            {("Giorgia Meloni", "Narendra Modi"), ("Giorgia Meloni", "S. Jaishankar")},
        ),
        (
            "Albanese met Prabowo and an Indonesian delegation including Foreign "
            "Minister Sugiono in Jakarta.",
            "en",
            {("Anthony Albanese", "Prabowo Subianto"), ("Anthony Albanese", "Sugiono")},
        ),
        (
            "Macron empfing Lula und eine brasilianische Delegation mit Außenminister Vieira.",
            "de",
            {("Emmanuel Macron", "Luiz Inácio Lula da Silva"), ("Emmanuel Macron", "Mauro Vieira")},
        ),
        ("Merz lobte nach dem Gipfel die Gespräche mit Indonesien über Handel.", "de", set()),
        # a person mediating between states: his state meets them (../shared/peer, PLOVER CONSULT)
        (
            "Qatar's emir, Sheikh Tamim bin Hamad Al Thani, launched a mediation "
            "effort on Saturday between the "
            "Emirates and Saudi Arabia.",
            "en",
            {("Qatar", "United Arab Emirates"), ("Qatar", "Saudi Arabia")},
        ),
    ],
)
def test_persons_and_states_do_not_meet_each_other(relations, text, lang, pairs):
    found = {tuple(sorted(r[1:])) for r in relations(text, lang, "2025-06-10") if r[0] == "MEETS"}
    assert found == {tuple(sorted(p)) for p in pairs}


# Signing (issue 15, SIGNING): two signers together met; one signing "with A, B and C" is a
# multilateral signing, not a meeting of each pair (as a row of signers named together is not).
# Variants written before the fix.
@pytest.mark.parametrize(
    "text,lang,pairs",
    [
        (
            "Lula signed the declaration with Prime Minister Modi, President "
            "Ramaphosa and President Xi in Kazan.",
            "en",
            set(),
        ),
        ("Meloni signed the memorandum with Albanese and Carney on Tuesday.", "en", set()),
        ("Macron unterzeichnete die Charta gemeinsam mit Albanese, Lula und Modi.", "de", set()),
        ("Albanese, Lula, Modi und Macron unterzeichneten die Charta.", "de", set()),
        (
            "Macron signed the agreement with Prime Minister Modi in Paris.",
            "en",
            {("Emmanuel Macron", "Narendra Modi")},
        ),
        (
            "Macron unterzeichnete in Paris mit Modi ein Abkommen.",
            "de",
            {("Emmanuel Macron", "Narendra Modi")},
        ),
    ],
)
def test_a_multilateral_signing_is_no_meeting_of_each_pair(relations, text, lang, pairs):
    found = {tuple(sorted(r[1:])) for r in relations(text, lang, "2025-06-10") if r[0] == "MEETS"}
    assert found == {tuple(sorted(p)) for p in pairs}


# Meeting expressions (issue 15, MEETS-expr): delegations or negotiators of two states that hold or
# end their meeting met (the states); "did X with Y at a meeting" met Y; "the summit of presidents A
# and B" is a meeting of A and B. Variants written before the fix, exact MEETS sets.
@pytest.mark.parametrize(
    "text,lang,pairs",
    [
        (
            "Russian and Ukrainian delegations held their first meeting in Istanbul on Friday.",
            "en",
            {("Russia", "Ukraine")},
        ),
        (
            "Chinese and American negotiators wrapped up their talks in Geneva on Sunday.",
            "en",
            {("China", "United States")},
        ),
        (
            "Negotiators of Armenia and Azerbaijan ended their talks in Abu Dhabi.",
            "en",
            {("Armenia", "Azerbaijan")},
        ),
        (
            "Die Delegationen Polens und Italiens beendeten ihr Treffen in Wien am Freitag.",
            "de",
            {("Italy", "Poland")},
        ),
        (
            "Die Delegationen Polens und Italiens haben sich am Montag in Wien versammelt.",
            "de",
            {("Italy", "Poland")},
        ),
        pytest.param(
            "Die polnische und die italienische Delegation versammelten sich am Montag in Wien.",
            "de",
            {("Italy", "Poland")},
            marks=pytest.mark.xfail(
                reason="nlp/mentions.py reads 'die polnische und die italienische Delegation' "
                "as Italy's only",
                strict=True,
            ),
        ),
        (
            "Die Delegationen Russlands und der Ukraine versammelten sich am Montag in Istanbul.",
            "de",
            {("Russia", "Ukraine")},
        ),
        # persons who assemble gather for an occasion, they do not each meet each other
        (
            "In Rom hatten sich am Montag Meloni, Merz und Starmer zu einem "
            "Krisentreffen versammelt.",
            "de",
            set(),
        ),
        (
            "Lammy went through the text with Wadephul during a meeting in London.",
            "en",
            {("David Lammy", "Johann Wadephul")},
        ),
        (
            "Meloni discussed migration with Tusk at a dinner in Rome.",
            "en",
            {("Donald Tusk", "Giorgia Meloni")},
        ),
        (
            "Tajani besprach mit Barrot bei einem Treffen in Paris den Entwurf.",
            "de",
            {("Antonio Tajani", "Jean-Noël Barrot")},
        ),
        ("Tajani praised Barrot at a meeting in Paris.", "en", set()),
        (
            "Das Treffen der Außenminister Wadephul und Sikorski hat in Warschau begonnen.",
            "de",
            {("Johann Wadephul", "Radosław Sikorski")},
        ),
    ],
)
def test_meeting_expressions(relations, text, lang, pairs):
    found = {tuple(sorted(r[1:])) for r in relations(text, lang, "2025-06-10") if r[0] == "MEETS"}
    assert found == {tuple(sorted(p)) for p in pairs}


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Das Gipfeltreffen der Regierungschefs Meloni und Albanese ging in Rom zu Ende.", "de"),
        ("The summit of Presidents Lula and Macron opened in Brasília on Tuesday.", "en"),
        ("Der Gipfel der Präsidenten Lula und Macron wurde in Belém eröffnet.", "de"),
    ],
)
def test_the_summit_of_two_named_leaders(extract, text, lang):
    ex = extract(text, lang, "2025-06-10")
    meets = [r for r in ex.relations if r.kind == "MEETS"]
    attends = [r for r in ex.relations if r.kind == "ATTENDS"]
    assert len(meets) == 1
    assert {r.subject for r in attends} == {meets[0].subject, meets[0].object}
    assert len({r.object for r in attends}) == 1
    assert (
        "Präsident" not in ex.events[attends[0].object].label
        and "President" not in ex.events[attends[0].object].label
    )


# Hidden misses (issue 15, HIDDEN): a meeting phrase opening the sentence, its partner's name with a
# particle and a relative clause after it, the subject after the comma. Variants written before the
# fix.
@pytest.mark.parametrize(
    "text,lang,pair",
    [
        (
            "In a meeting with al-Sudani, who chairs the conference, Macron pledged more trade.",
            "en",
            ("Emmanuel Macron", "Mohammed Shia al-Sudani"),
        ),
        (
            "During talks with al-Shaibani, who leads the Syrian delegation, Lammy offered aid.",
            "en",
            ("Asaad al-Shaibani", "David Lammy"),
        ),
        (
            "At a dinner with el-Sisi, who hosted the forum, Meloni praised the reforms.",
            "en",
            ("Abdel Fattah el-Sisi", "Giorgia Meloni"),
        ),
        (
            "Bei einem Treffen mit al-Sudani, der die Konferenz leitet, sagte "
            "Macron mehr Handel zu.",
            "de",
            ("Emmanuel Macron", "Mohammed Shia al-Sudani"),
        ),
    ],
)
def test_a_meeting_phrase_before_the_subject(relations, text, lang, pair):
    found = {r for r in relations(text, lang, "2025-06-10") if r[0] == "MEETS"}
    assert found == {("MEETS", *pair)}


# Speaker and reference (issue 15, COREF): in a first-person quote ("I", "we", "ich", "wir") the one
# who proposes is the quote's speaker, named before or after it; "during their talks, A invited B":
# A and B met. Variants written before the fix.
@pytest.mark.parametrize(
    "text,lang,agent",
    [
        ('"We offered Tusk a new gas deal," Meloni said after the talks.', "en", "Giorgia Meloni"),
        ('Meloni said: "I have invited Prime Minister Tusk to Rome."', "en", "Giorgia Meloni"),
        (
            'Lammy spoke after the talks. "I made an offer to Minister Wadephul: a '
            'joint fund," he said.',
            "en",
            "David Lammy",
        ),
        (
            "„Ich habe Außenminister Sikorski einen Plan vorgelegt“, sagte Wadephul.",
            "de",
            "Johann Wadephul",
        ),
        ("Tusk erklärte: „Wir bieten Kiew weitere Hilfe an.“", "de", "Donald Tusk"),
    ],
)
def test_a_first_person_quote_proposes_for_its_speaker(relations, text, lang, agent):
    found = {r for r in relations(text, lang, "2025-06-10") if r[0] == "PROPOSES"}
    assert found == {("PROPOSES", agent)}


@pytest.mark.parametrize(
    "text,lang,pair,agent",
    [
        (
            "During their meeting in Canberra, Albanese invited Lula to Sydney.",
            "en",
            ("Anthony Albanese", "Luiz Inácio Lula da Silva"),
            "Anthony Albanese",
        ),
        (
            "Modi invited Meloni to Delhi during their talks in Rome.",
            "en",
            ("Giorgia Meloni", "Narendra Modi"),
            "Narendra Modi",
        ),
        (
            "Bei ihrem Treffen in Rom lud Modi Meloni nach Delhi ein.",
            "de",
            ("Giorgia Meloni", "Narendra Modi"),
            "Narendra Modi",
        ),
        (
            "Während ihrer Gespräche in Paris bot Macron Tusk neue Hilfen an.",
            "de",
            ("Donald Tusk", "Emmanuel Macron"),
            "Emmanuel Macron",
        ),
    ],
)
def test_during_their_talks_the_two_met(relations, text, lang, pair, agent):
    found = relations(text, lang, "2025-06-10")
    assert {r for r in found if r[0] == "MEETS"} == {("MEETS", *pair)}
    assert {r for r in found if r[0] == "PROPOSES"} == {("PROPOSES", agent)}


@pytest.mark.parametrize(
    "text,lang,agent",
    [
        ('Modi told Meloni: "Thank you for your invitation to Rome."', "en", "Giorgia Meloni"),
        (
            '"Your proposal for a ceasefire deserves attention," Lammy told Sikorski.',
            "en",
            "Radosław Sikorski",
        ),
        (
            "„Danke für Ihre Einladung nach Brasília“, sagte Macron zu Lula.",
            "de",
            "Luiz Inácio Lula da Silva",
        ),
        (
            "Wadephul sagte zu Sikorski: „Ihr Vorschlag verdient Aufmerksamkeit.“",
            "de",
            "Radosław Sikorski",
        ),
    ],
)
def test_your_proposal_is_the_addressees(relations, text, lang, agent):
    found = {r for r in relations(text, lang, "2025-06-10") if r[0] == "PROPOSES"}
    assert found == {("PROPOSES", agent)}


def test_during_his_talks_names_no_partner(relations):
    found = relations("During his talks in Rome, Modi invited Meloni to Delhi.", "en", "2025-06-10")
    assert not {r for r in found if r[0] == "MEETS"}


# Proposal constructions (issue 15, PROP-cue): readiness expressed, an intention to offer, a plan
# owned by a possessive over its modifiers or by a state adjective before a compound, a participle
# attribute "der von X vorgelegte Plan", an invitation in a German relative clause after a
# preposition. Variants written before the fix.
@pytest.mark.parametrize(
    "text,lang,agents",
    [
        (
            "President Lula expressed willingness to host the next round of talks.",
            "en",
            {"Luiz Inácio Lula da Silva"},
        ),
        (
            "Kanzler Merz signalisierte Bereitschaft, der Ukraine weitere Luftabwehr zu liefern.",
            "de",
            {"Friedrich Merz"},
        ),
        (
            "Meloni stated her intention to offer Tunisia a new credit line.",
            "en",
            {"Giorgia Meloni"},
        ),
        ("Albanese expressed concern about the plan.", "en", set()),
        ("Modi defended his bold new trade initiative.", "en", {"Narendra Modi"}),
        ("Meloni verteidigte die Eckpunkte ihres Plans.", "de", {"Giorgia Meloni"}),
        ("Tusk verteidigte seinen umstrittenen Friedensplan.", "de", {"Donald Tusk"}),
        ("Under the Indian ceasefire proposal, troops would withdraw.", "en", {"India"}),
        ("The Turkish peace plan foresees a buffer zone.", "en", {"Turkey"}),
        (
            "Kiew lehnte den von Kremlchef Putin vorgeschlagenen Waffenstillstand ab.",
            "de",
            {"Vladimir Putin"},
        ),
        (
            "Die von der Türkei angebotenen Gespräche in Istanbul fanden Zustimmung.",
            "de",
            {"Turkey"},
        ),
        (
            "Die von Lula präsentierten Vorschläge fanden Zustimmung.",
            "de",
            {"Luiz Inácio Lula da Silva"},
        ),
        (
            "Der Gipfel in Rom, zu dem Meloni die Regierungschefs eingeladen hatte, "
            "begann am Montag.",
            "de",
            {"Giorgia Meloni"},
        ),
        (
            "Die Außenminister kamen nach Genf, wohin Außenminister Cassis sie eingeladen hatte.",
            "de",
            {"Ignazio Cassis"},
        ),
    ],
)
def test_proposal_constructions(relations, text, lang, agents):
    found = {r[1] for r in relations(text, lang, "2025-06-10") if r[0] == "PROPOSES"}
    assert found == agents
