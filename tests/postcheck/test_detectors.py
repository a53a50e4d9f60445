"""The detectors on their own: no database, the default word lists compiled."""

import pytest

from protocol.postcheck.detectors import Draft, Lists, TermList, names, run, sentence_spans
from protocol.postcheck.models import Kind
from tests.postcheck.factories import shipped_lists


@pytest.fixture(scope="module")
def checks():
    return {Kind(kind): Lists.compile(**lists) for kind, lists in shipped_lists().items()}


def kinds(text, checks, **kwargs):
    return {f.kind for f in run(text, checks, **kwargs)}


def test_word_lists_match_word_endings_but_not_inside_other_words():
    terms = TermList(["bully"])
    assert [m.start for m in terms.find(Draft("He was bullied. Bullying is rather bad."))] == [
        7,
        16,
    ]
    assert TermList(["rat"]).find(Draft("I would rather not.")) == []


def test_a_quoted_word_matches_only_itself():
    terms = TermList(['"lied"'])
    assert terms.find(Draft("The decision lies with the committee.")) == []
    assert len(terms.find(Draft("He lied to us."))) == 1


def test_contractions_are_read_in_full():
    terms = TermList(["i will vote against"])
    assert len(terms.find(Draft("I'll vote against it."))) == 1


def test_a_phrase_does_not_run_across_sentences():
    assert TermList(["part 2 session"]).find(Draft("This is part 2. Session over.")) == []


def test_sentences_end_at_full_stops_and_blank_lines():
    assert sentence_spans("One. Two!\n\nThree") == [(0, 4), (4, 9), (9, 11), (11, 16)]


def test_names_include_titles_full_names_handles_and_organisations():
    draft = Draft("Cllr Harris met John Marsh of Apex Developments Ltd and @TownWatch on Monday.")
    found = {draft.text[n.start : n.end] for n in names(draft)}
    assert {"Cllr Harris", "John Marsh", "Apex Developments Ltd", "@TownWatch"} <= found
    assert "Monday" not in found


def test_streets_and_estates_are_places_not_people():
    draft = Draft("We met on Station Road, near the Newtown estate.")
    assert not [n for n in names(draft) if n.person]


@pytest.mark.parametrize(
    "text",
    [
        "Email me at jo.bloggs@example.com",
        "Ring 07700 900123 tonight",
        "She lives at 14 Mill Lane, Oldbridge",
        "The postcode is OB4 7TT",
        "NI number AB 12 34 56 C",
        "Karen Lowe has been evicted.",
    ],
)
def test_personal_data_is_found(text, checks):
    assert Kind.PERSONAL_DATA in kinds(text, checks)


@pytest.mark.parametrize(
    "text",
    [
        "Join our postcode lottery fundraiser!",
        "Call the contact centre on 0300 123 4567.",
        "If you are on benefits you may be eligible.",
        "Our surgery is 10am to 12pm on 14 March 2026.",
    ],
)
def test_everyday_posts_are_not_personal_data(text, checks):
    assert Kind.PERSONAL_DATA not in kinds(text, checks)


def test_predetermination_needs_a_decision_and_a_settled_intention(checks):
    assert Kind.PREDETERMINATION in kinds(
        "The planning application is next week. I will be voting against it.", checks
    )
    assert not kinds("The application for the new library opens on Monday.", checks)


def test_an_allegation_needs_someone_identifiable(checks):
    assert Kind.DEFAMATION in kinds("Cllr Harris is corrupt.", checks)
    assert Kind.DEFAMATION not in kinds("Corruption is a danger to us all.", checks)


def test_an_unless_word_clears_its_sentence(checks):
    assert Kind.CONFIDENTIAL in kinds("I saw the confidential report.", checks)
    assert Kind.CONFIDENTIAL not in kinds("Our confidential helpline is open.", checks)


def test_haste_comes_from_how_the_member_feels(checks):
    assert kinds("Thoughts on the budget.", checks, feelings=["tired"]) == {Kind.HASTE}
    [finding] = run("Thoughts on the budget.", checks, feelings=["drink"])
    assert (finding.start, finding.end) == (0, 0)  # the whole post
    assert not kinds("Thoughts on the budget.", checks)


def test_speaking_as_a_councillor_on_a_personal_account_is_capacity(checks):
    text = "As your councillor I can say the bus lane is staying."
    assert Kind.CAPACITY in kinds(text, checks, account="personal")
    assert Kind.CAPACITY not in kinds(text, checks, account="councillor")


def test_findings_give_the_passage_they_are_about(checks):
    text = "Well. Cllr Harris is corrupt."
    [finding] = run(text, checks)
    assert text[finding.start : finding.end] == "Cllr Harris is corrupt"


def test_a_check_with_empty_lists_finds_nothing():
    assert run("Cllr Harris is corrupt.", {Kind.DEFAMATION: Lists.compile()}) == []


# ---------------------------------------------------------------- how members write


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("told in confidence", "I was told in strict confidence that the depot is closing."),
        ("will vote against", "I will definitely be voting against it."),
        ("my vote is no", "My vote is a firm no."),
        ("made a hash", "They have made a total hash of it."),
        ("before it is published", "I got the report before it's published."),
        ("as your councillor", "As your local cllr I can tell you this."),
    ],
)
def test_small_words_may_come_between_the_words_of_a_phrase(term, text):
    assert TermList([term]).find(Draft(text))


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("sent home", "The school sent the children home early."),  # a noun between
        ("in confidence", "The chair won a vote of confidence."),
        ("in confidence", "He was in a vote of confidence."),
        ("told in confidence", "I was told in, well, confidence."),  # more than two words
        ("will vote against", "I will not vote against it."),  # a negation between
        ("part 2 session", "This is part 2. Session over."),  # across sentences
    ],
)
def test_a_phrase_is_not_found_across_other_words(term, text):
    assert TermList([term]).find(Draft(text)) == []


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("definitely", "I will definately be there."),
        ("committee", "See you at cttee."),
        ("councillor", "Cllr Patel spoke."),
        ("will not", "I wont be there."),
        ("save our library", "Join us #SaveOurLibrary"),
        ("combined authority", "Speaking for the CA today."),
    ],
)
def test_misspellings_abbreviations_and_hashtags_are_read_as_meant(term, text):
    assert TermList([term]).find(Draft(text))


def test_a_lower_case_ca_is_not_the_authority():
    assert TermList(["combined authority"]).find(Draft("about 20 ca. metres")) == []


def test_word_forms_are_found(checks):
    assert Kind.DEFAMATION in kinds("Cllr Pritchard takes backhanders.", checks)
    assert Kind.STAFF in kinds("The planning officers are incompetent.", checks)
    assert Kind.ABUSE in kinds("What a bunch of halfwits.", checks)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Cllr Harris is not corrupt.", Kind.DEFAMATION),
        ("Cllr Harris has never been corrupt.", Kind.DEFAMATION),
        ("I am not angry, just disappointed.", Kind.HASTE),
        ("The housing officers are not useless.", Kind.STAFF),
        ("This report is not confidential.", Kind.CONFIDENTIAL),
    ],
)
def test_a_negated_word_does_not_count(text, kind, checks):
    assert kind not in kinds(text, checks)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'm not saying Cllr Harris is corrupt, but ask where the money went.", Kind.DEFAMATION),
        ("No, Cllr Harris is corrupt.", Kind.DEFAMATION),  # the negation is another clause
        ("The Moor Lane application will not get my vote at committee.", Kind.PREDETERMINATION),
        ("I will not support the planning application.", Kind.PREDETERMINATION),
    ],
)
def test_a_negation_that_does_not_deny_still_counts(text, kind, checks):
    assert kind in kinds(text, checks)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I was told in strict confidence that the chief executive is leaving.", "confidential"),
        ("between ourselves, the leisure centre is closing", "confidential"),
        (
            "The Tesco plans are at planning cttee on Thurs. They won't get my vote.",
            "predetermination",
        ),
        ("re the HMO: my vote is a firm no when it comes to committee", "predetermination"),
        ("definately voting against the #OakfieldWindFarm plans at committee", "predetermination"),
        ("Northgate Builders Ltd took the deposits. Crooks, the lot of them.", "defamation"),
        ("Whoever runs the housing desk is useless.", "staff"),
        ("Our planning officer clearly hasn't read the file. Useless as ever.", "staff"),
        ("shut your mouth love, nobody asked a woman's opinion", "abuse"),
        ("absolutely raging after tonight's meeting", "haste"),
    ],
)
def test_indirect_wordings_members_use_are_found(text, kind, checks):
    assert kind in kinds(text, checks)


@pytest.mark.parametrize(
    "text",
    [
        "Our postcode lottery fundraiser raised £340 for the food bank!",
        "The application for the new library opens on Monday.",
        "Who else is watching Strictly Come Dancing tonight?",
        "If you're struggling, the confidential helpline is 0800 123 4567.",
        "Reminder: the confidential reporting line for fraud is 0800 123 4567.",
        "The leaked water main on Station Road is fixed at last.",
        "The school sent the children home early because of the snow.",
        "The decision lies with the mayor.",
        "We won't let them shut it down!",
        "Don't be an idiot like me - check your smoke alarm batteries!",
        "Residents are angry about the potholes and so am I.",
        "It was a privilege to open the new wing at Greenacre care home today.",
        "Thank you to the brilliant housing officers who sorted the repairs.",
        "Corruption in public life is something we must all guard against. Read the "
        "Nolan principles.",
        "I'll listen to all the evidence before I make up my mind on the Oakfield application.",
        "Voting no to the bus fare rise last year was the right call.",
        "Delighted the Combined Authority has confirmed funding for the new bus station.",
        "Between the two roundabouts the road is a disgrace. I've reported it.",
    ],
)
def test_innocent_posts_that_look_like_concerns_are_left_alone(text, checks):
    assert kinds(text, checks) == set()


def test_a_possessive_in_a_term_must_be_written():
    terms = TermList(["children's home"])
    assert terms.find(Draft("He grew up in a children's home."))
    assert terms.find(Draft("He grew up in a childrens home."))
    assert terms.find(Draft("He grew up in a children’s home."))
    assert terms.find(Draft("They sent the children home.")) == []


@pytest.mark.parametrize("text", ["", "#", "'s", "’s", "#A", "#aB", "not", "no no no", "CA", "😊"])
def test_odd_drafts_are_checked_without_error(text, checks):
    for finding in run(text, checks, account="personal", feelings=["angry"]):
        assert 0 <= finding.start <= finding.end <= len(text)


def test_a_small_word_of_a_phrase_may_be_left_out_but_not_its_last_word():
    assert TermList(["before it is published"]).find(Draft("Before it's published."))
    assert TermList(["view is"]).find(Draft("The view was lovely.")) == []


@pytest.mark.parametrize(
    "text",
    [
        "Stroke awareness month: know the signs.",
        "The council's U-turn on bin collections is welcome.",
        "Our bid for the Towns Fund has gone in.",
        "A big shout out to the highways team for the hard work on the A61.",
        "I am not saying no to anyone who wants a chat, my door is open.",
    ],
)
def test_more_innocent_posts_are_left_alone(text, checks):
    assert kinds(text, checks) == set()


def test_an_emoji_in_a_list_is_found_like_a_word(checks):
    assert TermList(["🤬"]).find(Draft("The bus lane decision 🤬🤬"))
    assert Kind.HASTE in kinds("Just back from the meeting 😡", checks)
    assert kinds("Great night at the beer festival 🍻 thanks all", checks) == set()


# ---------------------------------------------------------------- fifth round:
# families of wordings, each with innocent posts that use the same words.


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # abuse: generalisations about a group, dehumanising words, name-calling
        (Kind.ABUSE, "Typical Poles, always undercutting local builders."),
        (Kind.ABUSE, "Another Polish shop on the high street. Typical."),
        (Kind.ABUSE, "Not surprised the Muslim lot are complaining again."),
        (Kind.ABUSE, "Gypsies never clear up after themselves."),
        (Kind.ABUSE, "Pensioners like him should make way for younger blood."),
        (Kind.ABUSE, "Women like her have no business chairing finance."),
        (Kind.ABUSE, "She should stick to the kitchen and leave budgets to us."),
        (Kind.ABUSE, "The opposition benches are full of dinosaurs who should retire."),
        (Kind.ABUSE, "Fly-tippers are parasites, plain and simple."),
        (Kind.ABUSE, "The Tories are a plague on this county."),
        (Kind.ABUSE, "These benefit claimants are a drain on all of us."),
        (Kind.ABUSE, "What a clown Cllr Ahmed is."),
        (Kind.ABUSE, "Cllr Jones is a nasty piece of work."),
        (Kind.ABUSE, "The old biddies on the parish council need pensioning off."),
        # staff and service users: who they are, near a negative verdict
        (Kind.STAFF, "Kevin in highways is utterly clueless."),
        (Kind.STAFF, "Whoever runs the parking permits desk should be sacked."),
        (Kind.STAFF, "The housing team have been sitting on this repair since May."),
        (Kind.STAFF, "The finance director is out of her depth."),
        (Kind.STAFF, "Heads should roll in the planning department after this."),
        (Kind.STAFF, "Planning officers haven't got a clue what residents want."),
        (Kind.STAFF, "Mr Khan from building control doesn't know what he's doing."),
        (Kind.STAFF, "The woman on the housing desk treated my constituent like dirt."),
        (Kind.STAFF, "The chap who rings the helpline daily is a nightmare for the call handlers."),
        # predetermination: a pending decision, a settled mind
        (Kind.PREDETERMINATION, "The bus gate on Church Street is not happening."),
        (Kind.PREDETERMINATION, "Whatever the report says, I'm rejecting it when it comes to us."),
        (Kind.PREDETERMINATION, "That extension is a definite no from me."),
        (Kind.PREDETERMINATION, "I've heard enough about the quarry scheme."),
        (Kind.PREDETERMINATION, "The wind farm won't get my support under any circumstances."),
        (Kind.PREDETERMINATION, "I'll be voting the licence application down at committee."),
        (Kind.PREDETERMINATION, "The phone mast application is going nowhere on my watch."),
        (Kind.PREDETERMINATION, "Nothing the developer says will change my mind on Hillside Park."),
        (Kind.PREDETERMINATION, "The Orchard Farm application is a non-starter."),
        # confidential: hinted at, not named
        (Kind.CONFIDENTIAL, "I shouldn't really be telling you this but the library is closing."),
        (Kind.CONFIDENTIAL, "What was said under exempt business would make your hair curl."),
        (Kind.CONFIDENTIAL, "Officially it's commercially sensitive, but the bidder is Arriva."),
        (Kind.CONFIDENTIAL, "Leaked draft attached, read it before they water it down."),
        (Kind.CONFIDENTIAL, "The figures at the private members' seminar were eye-watering."),
        (Kind.CONFIDENTIAL, "Don't quote me but the tram extension is being scrapped."),
        (Kind.CONFIDENTIAL, "I know who the new operator is 🤫"),
        # haste, from the text itself
        (Kind.HASTE, "Few glasses of red down and here's what I think of the budget."),
        (Kind.HASTE, "It's 2am and I'm still so wound up about that vote."),
        (Kind.HASTE, "Couldn't sleep so here's my honest view."),
        (Kind.HASTE, "Just back from the pub and I've got something to say."),
        # personal data: health, housing and badges of a named person
        (Kind.PERSONAL_DATA, "Brian Cole's heart op went well, he's home now."),
        (Kind.PERSONAL_DATA, "Mr Jones is on the housing list in band C."),
        (Kind.PERSONAL_DATA, "Tom Reilly's blue badge was found on Bridge St."),
        (Kind.PERSONAL_DATA, "Sue Briggs has been off sick with stress for months."),
        (Kind.PERSONAL_DATA, "Spoke to Linda Marsh, who's been housebound since her fall."),
        (Kind.PERSONAL_DATA, "Joan Price is on oxygen and can't get out."),
        # safeguarding: a named child with their age, a school and a private detail
        (Kind.SAFEGUARDING, "Well done to Jack (9) for his brilliant poem!"),
        (Kind.SAFEGUARDING, "Mum has COPD and the youngest (Aisha, 4) is in hospital."),
        (
            Kind.SAFEGUARDING,
            "The boy excluded from Parkside Academy was there with his foster carer.",
        ),
        # defamation: more ways to allege dishonesty
        (Kind.DEFAMATION, "The landlord at Park View is defrauding his tenants."),
        (Kind.DEFAMATION, "The site manager has been nicking materials off the job."),
        # capacity: the Authority's handle
        (Kind.CAPACITY, "On behalf of @NorthMidsCA, we don't support the strike."),
        (Kind.CAPACITY, "Officially, the CA's line is that the strike must end."),
        (Kind.DEFAMATION, "Jim Roberts, our community champion, has his hand in the till."),
    ],
)
def test_the_fifth_round_families_are_found(kind, text, checks):
    assert kind in kinds(text, checks)


@pytest.mark.parametrize(
    "text",
    [
        # a group named in a friendly way
        "A lot of travellers use the new bus station every day.",
        "Typical Monday: three meetings and a site visit.",
        "Polish Saturday school is looking for volunteers. Typical day for us, busy!",
        "The mosque hosted a wonderful open day.",
        "Typical travel times on the new bus route are 20 minutes.",
        "The travelling community liaison group meets on Thursday.",
        "Those people who helped with the flood clean-up deserve medals.",
        "Great to see the old dinosaur skeleton back at the museum.",
        # staff praised, or only mentioned
        "Great to meet the bin crew this morning, they do a fantastic job.",
        "The planning officer was really helpful on the call today.",
        "Our new planning enforcement officer starts on Monday.",
        "The chap who runs the cafe in the park does a lovely breakfast.",
        # a decision still open, or someone else's
        "I'll listen to all the evidence on the quarry application before I decide.",
        "The bus gate consultation closes on Friday - have your say.",
        "The committee decides the application on Tuesday; I'll hear all the evidence first.",
        # "exempt", "part 2", "water" in their ordinary senses
        "Exempt from the charge: blue badge holders and residents.",
        "Part 2 of my ward update: new benches on the green.",
        "I am not saying no to anyone who wants a chat, my door is open.",
        # drink, tiredness and late hours without a rant
        "Red wine and cheese night at the community centre raised £500!",
        "The bus from the station runs until 2am on Fridays.",
        "I'm shattered after a great day of canvassing - thank you all.",
        "Had a glass of wine with friends to celebrate the win!",
        # allegations as topics and as news from the police and courts
        "Great discussion at the criminal justice conference in Leeds today.",
        "Really enjoyed the Tackling Corruption in Procurement session.",
        "It's Fraud Awareness Week. Scammers are ringing residents pretending to be us.",
        "Police have charged a man with fraud after the scam in Harrowby.",
        # children and families not identified; adults' relations
        "Brilliant visit to Moorside Primary - the pupils asked great questions.",
        "No pics of the children obvs, but here's one of me with the head!",
        "Kids go free on the buses this half term!",
        "My brother-in-law ran the marathon for the hospice!",
        "Mrs Jones left her purse at the bus terminal - it's at reception.",
        # organisations' numbers and names
        "Help with energy bills: Citizens Advice Kelsmoor can be reached on 0113 496 0000.",
        "Delighted to join @HarrowbyMind on their mental health walk this morning.",
        "The kids at Brookfield Primary did an amazing job planting the orchard.",
    ],
)
def test_innocent_look_alikes_of_the_fifth_round_families_are_left_alone(text, checks):
    assert kinds(text, checks) == set()


def test_a_childs_name_with_an_age_under_18_identifies_them_and_an_adults_does_not(checks):
    assert Kind.SAFEGUARDING in kinds("Lovely to meet Lily (7) at the fun day.", checks)
    assert Kind.SAFEGUARDING in kinds("Ellie, 12, won the art prize.", checks)
    assert kinds("Lovely to meet Doris (94) at the fun day.", checks) == set()
    assert kinds("Happy birthday to my son, 21 today!", checks) == set()


def test_a_handle_is_read_as_its_words():
    assert [t.word for t in Draft("@NorthMidsCA").tokens] == [
        "north",
        "mids",
        "combined",
        "authority",
    ]


def test_an_idiom_does_not_clear_a_sentence_its_word_would():
    # "water" clears "leaked" (a leaked pipe), but not in "water it down".
    confidential = Lists.compile(words="leaked", unless_words="water")
    assert run("The leaked water main is fixed.", {Kind.CONFIDENTIAL: confidential}) == []
    assert run(
        "Leaked draft: read it before they water it down.", {Kind.CONFIDENTIAL: confidential}
    )


def test_a_surname_that_is_also_a_place_word_is_a_person_unless_placed():
    def people(text):
        draft = Draft(text)
        return [text[n.start : n.end] for n in names(draft) if n.person]

    assert people("Met Janet Hill today, she is struggling.") == ["Janet Hill"]
    assert people("The bins on Castle Hill were missed again.") == []
    assert people("She lives at 4 Church Lane now.") == []


# ---------------------------------------------------------------- sixth round:
# families of wordings, each with innocent posts that use the same words.


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (Kind.STAFF, "The woman on the front desk at the civic centre was useless today."),
        (
            Kind.STAFF,
            "Our so-called engineers have had three goes at fixing the lift and it's still broken.",
        ),
        (
            Kind.STAFF,
            (
                "The agency carers turned up late again and left my "
                "constituent in a state. Not good enough."
            ),
        ),
        (Kind.STAFF, "Whoever signed this off should be sacked."),
        (
            Kind.STAFF,
            "The tenant who never pays his rent is still there while families wait for a home.",
        ),
        (Kind.STAFF, "The lot at the depot are asleep at the wheel."),
        (Kind.STAFF, "The bin men are a joke, three missed collections in a month."),
        (Kind.STAFF, "The lad on reception had no idea what he was doing."),
        (Kind.STAFF, "The call handlers clearly have no idea what they're doing."),
        (Kind.STAFF, "The people at the one stop shop couldn't organise a queue."),
        (Kind.STAFF, "The bus drivers on the 42 are rude to every pensioner who gets on."),
        (Kind.STAFF, "The highways lot couldn't organise a piss-up in a brewery."),
        (Kind.STAFF, "The lady at the ticket office was rude and dismissive."),
        (Kind.STAFF, "Our friends in planning have lost the file again. Useless."),
        (Kind.STAFF, "The consultants the Authority hired are a waste of money."),
        (Kind.STAFF, "Whoever designed this junction should be sacked."),
        (Kind.STAFF, "The repairs team are asleep at the wheel."),
        (Kind.STAFF, "The council's contractors are cowboys."),
        (Kind.STAFF, "The care workers from the agency don't have a clue."),
        (Kind.STAFF, "The woman in the housing office treated her like dirt."),
        (Kind.STAFF, "The man on the phone at the contact centre was clueless."),
        (Kind.STAFF, "The gritting crew were nowhere to be seen. Do they actually do anything?"),
        (
            Kind.CAPACITY,
            (
                "The Combined Authority is not going to fund the Eastway "
                "bypass, I can tell you that now."
            ),
        ),
        (
            Kind.CAPACITY,
            "I sit on the Combined Authority. Our answer to the airport expansion is no.",
        ),
        (
            Kind.CAPACITY,
            "As far as the Mayor's office is concerned, the tram extension is off the table.",
        ),
        (
            Kind.CAPACITY,
            "The Combined Authority won't be backing the stadium bid. That's our position.",
        ),
        (Kind.CAPACITY, "The CA will never agree to close the night buses, not while I'm on it."),
        (Kind.CAPACITY, "Take it from me, the Authority will not be funding the link road."),
        (Kind.CAPACITY, "The Authority has decided: no more money for the airport."),
        (Kind.CAPACITY, "Combined Authority position: we back the striking bus drivers 100%."),
        (Kind.CAPACITY, "The Mayor's office fully supports our campaign to save the library."),
        (Kind.CAPACITY, "The Authority condemns the Government's cuts to bus funding."),
        (
            Kind.CAPACITY,
            "The Authority welcomes the council's decision and I'm proud to say so on its behalf.",
        ),
        (
            Kind.CAPACITY,
            (
                "The Combined Authority is on the side of the residents "
                "here. We oppose the incinerator."
            ),
        ),
        (Kind.CAPACITY, "I'm on the CA board. The CA will be opposing this scheme."),
        (Kind.CAPACITY, "The Combined Authority backs our party's plan for free bus travel."),
        (Kind.CAPACITY, "Speaking for the Mayor's office, the answer is no."),
        (Kind.ABUSE, "The travellers are back on the rec. Lock up your sheds, folks."),
        (
            Kind.ABUSE,
            "Another shisha bar run by Romanians. We all know what goes on in those places.",
        ),
        (Kind.ABUSE, "Immigrants moving in on Park Street. Hide your valuables."),
        (Kind.ABUSE, "A mosque by the back door, that's what this 'cultural centre' is."),
        (Kind.ABUSE, "@CllrBrown what a melt 🤡"),
        (Kind.ABUSE, "Cllr Patel is such a clown, go back to your day job."),
        (Kind.ABUSE, "Those people from the camp are back. Count your bikes."),
        (Kind.ABUSE, "Imagine being this much of a clown. Cllr Hughes, everyone."),
        (Kind.ABUSE, "The gypsies are here again. Here we go again, lock up everything."),
        (
            Kind.PERSONAL_DATA,
            "Please ring Mrs Patel on 07700 900123, she's waiting for her hip op.",
        ),
        (
            Kind.PERSONAL_DATA,
            "Agnes Boyd on Kirkgate has been waiting for a ground-floor flat since her hip went.",
        ),
        (
            Kind.DEFAMATION,
            "Funny how the contract went to Cllr Lee's brother-in-law. Pure coincidence, I'm sure.",
        ),
        (Kind.DEFAMATION, "Where did the grant go, Dave Smith? Pocketed it, I reckon."),
        (Kind.DEFAMATION, "Tom Price has been lining his pockets at the parish council for years."),
        (
            Kind.DEFAMATION,
            (
                "I'm sure it's all above board that Apex Developments Ltd "
                "got the deal without a tender."
            ),
        ),
        (Kind.PREDETERMINATION, "The quarry application: a hard no from me."),
        (
            Kind.PREDETERMINATION,
            "The Crown's late licence is up for review next week. I'll be voting that one down.",
        ),
        (Kind.HASTE, "So tired I can't see straight but here's what I think of the budget."),
        (Kind.HASTE, "It's gone midnight and I'm still raging about that vote."),
        (Kind.STAFF, "Our friends at the depot do nothing but drink tea all day."),
        (
            Kind.STAFF,
            "The repairs team stood around doing nothing for two hours "
            "while my constituent waited.",
        ),
        (Kind.STAFF, "The parks manager needs to go. Simple as."),
        (Kind.STAFF, "Whoever is running the planning department is asleep at the wheel."),
        (Kind.STAFF, "The officer who wrote this report clearly never left his desk."),
        (Kind.STAFF, "Our highways engineers wouldn't know a pothole if they fell in one."),
        (Kind.STAFF, "The social workers on this case have been a disgrace from start to finish."),
        (
            Kind.STAFF,
            "The receptionist at the civic centre was downright rude to a disabled resident.",
        ),
        (Kind.STAFF, "The contractors on the Mill Lane job are cowboys, plain and simple."),
        (
            Kind.STAFF,
            "Not one person in the housing team has bothered to reply in six weeks. Shameful.",
        ),
        (
            Kind.STAFF,
            "The lads on the bin lorry couldn't care less, bins left all over the pavement.",
        ),
        (Kind.STAFF, "The agency staff at the care home haven't got a clue."),
        (Kind.STAFF, "The planners have made a complete mess of this."),
        (Kind.STAFF, "Our so-called customer services team is a total shambles."),
        (Kind.STAFF, "The woman at the contact centre hung up on my constituent. Disgraceful."),
        (Kind.STAFF, "The man who keeps ringing the council about his hedge is a total nuisance."),
        (Kind.STAFF, "The caretaker at the community centre is bone idle."),
        (Kind.STAFF, "The gritting crews were a no-show again. Useless."),
        (Kind.STAFF, "Council staff are lazy, overpaid and never answer the phone."),
        (Kind.CAPACITY, "The Combined Authority is totally opposed to the new runway."),
        (Kind.CAPACITY, "I can confirm the Combined Authority will not be funding the stadium."),
        (Kind.CAPACITY, "Let me be clear: the Mayor's office backs the strikers."),
        (Kind.CAPACITY, "The CA is against the closure of the ticket offices, end of."),
        (Kind.CAPACITY, "We at the Combined Authority will not be supporting this."),
        (Kind.CAPACITY, "The Combined Authority rejects the Government's plans outright."),
        (Kind.CAPACITY, "The Combined Authority isn't having it: no to the incinerator."),
        (Kind.ABUSE, "Cllr Smith is a thick, lazy waste of oxygen."),
        (Kind.ABUSE, "The eastern Europeans on Mill Street are all on the rob."),
        (Kind.ABUSE, "Muslims are taking over this town."),
        (Kind.ABUSE, "Cllr Jones is a gormless muppet."),
        (Kind.ABUSE, "Shut up you silly old woman."),
        (Kind.ABUSE, "The Romanians are at it again. Hide your bikes."),
        (Kind.DEFAMATION, "Cllr Green has been taking bribes from developers, everyone knows it."),
        (Kind.DEFAMATION, "Apex Developments Ltd are crooks who rip off pensioners."),
        (Kind.DEFAMATION, "Dave Moore is a liar and a thief."),
        (Kind.DEFAMATION, "Funny how the Mayor's mate got the contract, nothing to see here."),
        (
            Kind.PREDETERMINATION,
            "The Greenfield Farm application will be refused, I'll make sure of it.",
        ),
        (
            Kind.PREDETERMINATION,
            "There's no way I'm letting the Crown's licence through at the review.",
        ),
        (
            Kind.PREDETERMINATION,
            "Not a cat in hell's chance the quarry gets approved while I'm on the committee.",
        ),
        (Kind.CONFIDENTIAL, "From the closed session today: the tram contract is going to Arriva."),
        (Kind.CONFIDENTIAL, "Between you and me, the library's closing next year."),
        (Kind.CONFIDENTIAL, "I've seen the confidential report and it's damning."),
        (Kind.HASTE, "3am and still fuming about that meeting."),
        (Kind.HASTE, "Had a couple of drinks and I'm going to say it: the budget is a disgrace."),
        (Kind.HASTE, "So angry right now I could scream."),
        (
            Kind.PERSONAL_DATA,
            "Mrs Singh at 22 Elm Road has been waiting for her repairs for months.",
        ),
        (Kind.PERSONAL_DATA, "Joan Price (flat 4) has dementia and keeps leaving the gas on."),
        (
            Kind.PERSONAL_DATA,
            "Ring Terry on 07700 900987, he's the one whose benefits got stopped.",
        ),
        (Kind.SAFEGUARDING, "Little Ellie (6) from Rose Street was excluded again today."),
        (Kind.STAFF, "The planning officers wouldn't last five minutes in the private sector."),
        (Kind.STAFF, "Maybe the highways team could try doing their jobs for once."),
        (Kind.STAFF, "The enforcement officers need a kick up the backside."),
        (Kind.STAFF, "The housing officer is beyond a joke."),
        (Kind.STAFF, "The repairs team should hang their heads."),
        (
            Kind.STAFF,
            "Council officers on gold-plated pensions couldn't care less about residents.",
        ),
        (Kind.STAFF, "The bin crew clearly can't read a calendar."),
        (Kind.STAFF, "The woman on the phone at the council didn't have the foggiest."),
        (Kind.STAFF, "The person who designed this cycle lane needs their head testing."),
        (Kind.STAFF, "The agency carers are in and out in five minutes. Disgraceful."),
        (Kind.STAFF, "The lot in the housing office are a law unto themselves."),
        (Kind.STAFF, "Our contractors are taking the mickey."),
        (Kind.STAFF, "The traffic wardens round here are jumped-up little Hitlers."),
        (Kind.STAFF, "Head of planning? Head in the sand more like."),
        (Kind.STAFF, "The case officer couldn't be less interested if she tried."),
        (Kind.ABUSE, "Cllr Hart is a gobby little madam who should know her place."),
        (Kind.ABUSE, "@CllrWebb you absolute weapon."),
        (Kind.ABUSE, "Cllr Nash is a total bellend and everyone knows it."),
        (Kind.ABUSE, "Cllr Price, you utter clown. Resign."),
        (Kind.ABUSE, "The Leader is a spineless worm."),
        (Kind.ABUSE, "Cllr Khan should go back to where he came from."),
        (Kind.ABUSE, "Cllr Moss is a fat waste of space."),
        (Kind.ABUSE, "Cllr Doyle, what an absolute tool."),
        (Kind.ABUSE, "Cllr Bell is a complete and utter plank."),
        (Kind.ABUSE, "Cllr Ross is a liar and a gutless coward."),
        (Kind.ABUSE, "Ugh, Cllr Fox. What a knob."),
        (Kind.DEFAMATION, "Cllr Reid took a backhander to wave the scheme through."),
        (Kind.DEFAMATION, "Everyone knows Cllr Ward is bent."),
        (Kind.DEFAMATION, "The landlord at the Red Lion is dealing drugs out the back."),
        (Kind.DEFAMATION, "Cllr Marsh fiddled her expenses, I've seen the receipts."),
        (
            Kind.DEFAMATION,
            "Swift Lettings Ltd are ripping off their tenants and pocketing the deposits.",
        ),
        (Kind.DEFAMATION, "Peter Lane is a convicted fraudster, don't trust him."),
        (
            Kind.CONFIDENTIAL,
            "Can't say too much yet but the bus depot is being sold, you didn't hear it from me.",
        ),
        (Kind.CONFIDENTIAL, "A little bird tells me the Mayor is about to resign."),
        (Kind.CONFIDENTIAL, "Strictly between us, the tram's been cancelled."),
        (Kind.PREDETERMINATION, "The Hilltop flats will be approved over my dead body."),
        (Kind.PREDETERMINATION, "I've already told the developer I'll be voting it down."),
        (Kind.PREDETERMINATION, "The Red Lion's licence? Gone, if I have anything to do with it."),
        (Kind.STAFF, "The family at number 12 are a nightmare for the whole street."),
        (Kind.STAFF, "The chap who rings the council every day about his bins needs a hobby."),
        (Kind.STAFF, "The tenant in flat 3 is a serial complainer who wastes everyone's time."),
        (Kind.STAFF, "The lad from the hostel is a menace."),
        (Kind.STAFF, "That resident who writes to me every week is a time-waster."),
        (Kind.STAFF, "The woman who complains about the bus stop every week needs to get a life."),
        (Kind.STAFF, "The school crossing lady is useless, she's never there."),
        (Kind.STAFF, "Whoever answers the phone at the housing office is clueless."),
        (Kind.STAFF, "The new transport director hasn't got a clue."),
        (Kind.STAFF, "The head of highways should be sacked."),
        (Kind.HASTE, "Three glasses of wine in and I've had enough of this council."),
        (Kind.HASTE, "Not slept in two days and I'm done being polite about the budget."),
        (Kind.HASTE, "Absolutely seething right now about the bus cuts."),
        (Kind.HASTE, "Sorry for the rant but I'm raging."),
        (Kind.HASTE, "Posting this before I calm down: the Leader is a disgrace."),
        (Kind.HASTE, "Knackered, angry and I don't care who reads this."),
        (Kind.HASTE, "Wine o'clock and I have THOUGHTS about the local plan."),
        (Kind.HASTE, "Writing this at 2 in the morning because I'm that angry."),
        (
            Kind.PERSONAL_DATA,
            "Mr Ahmed at 5 Cross Street has been diagnosed with cancer "
            "and needs help with his garden.",
        ),
        (
            Kind.PERSONAL_DATA,
            "Shout out to Brenda Lowe who's just come out of rehab - proud of you!",
        ),
        (
            Kind.PERSONAL_DATA,
            "Keith Parr's been in hospital with his mental health again, please send him love.",
        ),
        (
            Kind.PERSONAL_DATA,
            "Sandra Kelly on Hill Street is in arrears with her rent after losing her job.",
        ),
        (
            Kind.PERSONAL_DATA,
            "Our neighbour Ann Bell is going through IVF, please keep her in your thoughts.",
        ),
        (
            Kind.SAFEGUARDING,
            "Spoke to a 15-year-old girl at the Oak Street hostel who is being groomed.",
        ),
        (Kind.SAFEGUARDING, "Little Jayden from the Parkside estate has been taken into care."),
        (Kind.STAFF, "The parking enforcement lot are vultures."),
        (Kind.STAFF, "The housing repairs people are an absolute shower."),
        (
            Kind.STAFF,
            "The planning officer who recommended this should take a long hard look at themselves.",
        ),
        (Kind.STAFF, "The finance team can't count."),
        (Kind.STAFF, "The bin crews round here are a law unto themselves."),
        (Kind.STAFF, "The environmental health officer was a waste of time."),
        (Kind.STAFF, "The contractor's workmanship is a disgrace."),
        (Kind.STAFF, "Our so-called customer service advisers just read from a script."),
        (Kind.STAFF, "The people at the council tax office are robots."),
    ],
)
def test_the_sixth_round_families_are_found(kind, text, checks):
    assert kind in kinds(text, checks)


@pytest.mark.parametrize(
    "text",
    [
        "The woman on the front desk was so kind to my constituent today.",
        "Our engineers worked through the night to fix the lift - thank you!",
        "The agency carers do an amazing job in tough conditions.",
        "Whoever signed up for the litter pick, thank you, you were brilliant.",
        "The tenant who wrote to me about damp has now had the repair done.",
        "Visited the depot today to see the new electric bin lorries.",
        "The bus drivers' strike has been called off, good news for passengers.",
        "A certain someone turned 40 today! Happy birthday love.",
        "The consultation on the new bus station closes on Friday.",
        "The contact centre is open 8am to 6pm, Monday to Friday.",
        "Failed to get to the meeting tonight because of the snow, sorry all.",
        "Our carers' support group meets on Tuesday at the library.",
        "The drivers who kept the buses running in the snow deserve a medal.",
        "I don't know what they do all day at the zoo but the penguins looked happy.",
        "Nobody knows what the future holds for the high street, but we'll fight for it.",
        "The Combined Authority meets on Thursday; the agenda is online.",
        "The Authority's consultation on bus fares closes on Friday.",
        (
            "The Combined Authority has announced new funding for cycle "
            "lanes - details on its website."
        ),
        "I asked the Combined Authority for its position on the airport and will report back.",
        "The Mayor's office confirmed the new bus timetable starts in May.",
        "I'll be at the Combined Authority board tomorrow. Say no to litter - bin it!",
        "My personal view: the Combined Authority should do more on buses.",
        (
            "I'm a member of the Combined Authority's transport "
            "committee. I stand with the residents of Lowfield."
        ),
        "The Authority's staff network held a lovely event today.",
        "The Combined Authority board agreed the budget today.",
        "The travellers' site consultation closes on Friday. Have your say.",
        "Lock up your bikes at the station - thefts are up this month, say police.",
        "Hide your eggs well, Easter egg hunt at the park on Saturday!",
        "The circus is in town - kids loved the clown 🤡",
        "Great night at the mosque open day. You know the drill: shoes off, tea on.",
        "The refugee drop-in is back on Tuesdays. Count yourselves welcome!",
        "Of course the bins are late again after the bank holiday.",
        "Feeling low? Shelter's free helpline can help with housing worries on 0808 800 4444.",
        (
            "If you're struggling, Samaritans are there day or night. "
            "You don't have to be in crisis to call."
        ),
        "Childline is free for children and young people on 0800 1111.",
        "Roadworks on Mill Lane by the Co-op from Monday, the operator says three weeks.",
        "The bus operator has promised a new timetable for the 18.",
        (
            "My surgery is on Saturday at the library. Ring my "
            "councillor mobile on 07700 900555 if you can't make it."
        ),
        (
            "Can't make my surgery? Email my council email "
            "cllr.smith@example.org and I'll get back to you."
        ),
        "What you tell me at my advice surgery stays between us unless you ask me to raise it.",
        "My casework is confidential: I only share details with your permission.",
        (
            "Trading Standards are warning of rogue traders claiming to "
            "be from the council. Please warn elderly neighbours."
        ),
        "The fraud trial concluded at Crown Court today. My thoughts are with the victims.",
        "Cannae make the meeting the night, apologies to all.",
        "Wee reminder: the food bank needs tins this week.",
        "Aye, the 47 is late again, I've raised it with the operator.",
        "Had a cuppa with the bin crew at the depot, drinking tea and talking routes.",
        "The carers made sure she was asleep before they left.",
        "The team can't even get to the site until Monday because of the floods.",
        "The Combined Authority writes to every household about the new fares.",
        "The Combined Authority and the council are not the same thing - here's who does what.",
        "The crew were standing around waiting for the part to arrive, so I brought doughnuts.",
        "The Combined Authority's official launch of the bus app is on Monday.",
        "The officer wouldn't know the answer until Friday, so I'll update you then.",
        "The planning department is running a drop-in on Tuesday about the local plan.",
        "Huge thanks to the gritting crews out all night in the snow.",
        "Council staff will be on hand at the library to help with forms.",
        "The Combined Authority's board meets on Monday to agree the bus plan.",
        "I'll be asking the Combined Authority what it plans to do about fares.",
        "The Combined Authority has agreed the budget after a long debate.",
        "Our contractors have finished the resurfacing a week early.",
        "The receptionist at the civic centre helped me find the right form.",
        "The travellers have moved on from the rec and the site has been cleaned.",
        "Muslims across the town marked Eid with a community meal.",
        "Between you and me and the lamp post, I love a good ward walk.",
        "The housing team is recruiting: apply on the council website.",
        "Staff at the depot raised £2,000 for the hospice.",
        "The report from the closed session will be published when the contract is signed.",
        "The tenant who reported the damp has now had it fixed, thank you housing.",
        (
            "The state of the river after the sewage spill is shameful. "
            "I've written to the water company."
        ),
        "I've asked the council to call on the Government for fairer funding.",
        "The Combined Authority calls on all partners to respond to the consultation by Friday.",
        "The Combined Authority backs the new cycle scheme with £2m, announced today.",
        "Solidarity with the families affected by the flood on Mill Lane.",
        "Statement from the Combined Authority on the bus timetable changes: see link.",
        "The Combined Authority says yes to free travel for under-18s from September - great news!",
        "Hide your Easter eggs well, kids! Egg hunt at the park on Sunday.",
        "Here we go again: roadworks on the A58 for the third time this year.",
        "Of course the bins are late after the bank holiday. New date: Thursday.",
        "Simple as that: report potholes online and they get fixed faster.",
        "Big no to fly-tipping! Report it online and we'll get it cleared.",
        "The licensing sub-committee meets on Tuesday to hear the review of the Crown's licence.",
        "Funny how life works out, I met my wife at a ward surgery 20 years ago.",
        "My son and his mate ran the 10k for the hospice.",
        "Congratulations to the carers at Oak Lodge on their award.",
        "The engineers are on site today to fix the lift at the station.",
        "We've hired consultants to look at the town centre plan; their report is due in June.",
        "The contact centre will be closed on Monday for the bank holiday.",
        "The tenant who spoke at the meeting made some powerful points about damp.",
        "Joined the crew on the bin lorry this morning. Hard graft!",
        "The depot is open on Saturday for bulky waste.",
        "A certain someone in my house has eaten all the mince pies.",
        "Whoever signed up for the litter pick: thank you, you were brilliant!",
        "Our answer to the consultation is on the council website.",
        "The Authority refuses to comment on staffing matters, quite rightly.",
        "Lock up your bikes at the station: thefts are up, say police.",
        "Complete coincidence: I bumped into my old teacher at the bus stop!",
        "Firm no to any cuts to the library budget - I'll fight for it at full council.",
        "Went to see the review of the local plan at the civic centre.",
        "So tired after the 10k but we raised £800!",
        "It's gone midnight and the count is still going on - results soon!",
        "The highways team are doing their jobs brilliantly through the storm.",
        "Need a kick up the backside to get out canvassing in this weather!",
        "The carers' rights day event is in and out in an hour, pop along.",
        "The person who dumped this rubbish on Mill Lane should be ashamed.",
        "Lovely to meet Dr Amira Shah at the new health centre opening today.",
        "Congratulations to Jean Walsh on 40 years running the Brownies!",
        "Free flu jabs at Boots on High Street this week - no appointment needed.",
        "Call the council on 0113 222 4444 to report a missed bin.",
        "The Citizens Advice drop-in is every Tuesday at the library, 10-12.",
        "Great to see Mark Evans, chair of the residents' association, at the meeting.",
        "Roadworks on Station Road from Monday: the 18 bus will be diverted.",
        "Our ward newsletter is out now - paper copies at the Spar on Mill Lane.",
        "The Tories voted against free school meals again. Shameful.",
        "The Government's housing policy is a disaster for families like ours.",
        "The Leader of the opposition group got the figures wrong again in the budget debate.",
        "Apex Developments Ltd have started work on the new homes on Bridge Street.",
        "Jim Roberts from the Chamber of Trade spoke brilliantly about the high street.",
        "Today's cabinet papers are now online - the budget is item 4.",
        (
            "I'll be voting for the budget at full council on Thursday; "
            "it protects frontline services."
        ),
        "The confidential waste bins at the civic centre are being replaced.",
        "Part of the meeting was held in private to discuss a legal matter, as the law allows.",
        "Dementia-friendly cafe every Friday at St Mark's church hall.",
        "Our MP Sarah Jones is hosting a jobs fair on Saturday.",
        "Really proud of my daughter who passed her driving test today!",
        "Tired but happy after a great day at the gala!",
        "Big thanks to the police for their quick response on Elm Road last night.",
        "Scrutiny asked tough questions of the transport director today, as it should.",
        "The planning committee approved the Elm Road scheme last night after a long debate.",
        "What a tool the new bus app is - plan your journey in seconds!",
        "Cllr Bell brought the plank for the new bench at the park.",
        "Fox cubs spotted in the park this morning 🦊",
        "My mate Dave is a weapon on the five-a-side pitch!",
        "Have you seen the draft local plan? Have your say by Friday.",
        "The application is not going through committee until March, so there's time to comment.",
        "The 42 bus is not going through the town centre during the works on the scheme.",
        "If I have my way, every street will have a tree! Join our planting day.",
        "Anyone seen the draft timetable for the new buses? It's on the CA website.",
        "The family at number 12 have done wonders with their front garden.",
        "The lad from the hostel helped at the litter pick - brilliant.",
        "The new transport director starts on Monday; welcome!",
        "Glass of wine to celebrate our Christmas lights switch-on - thanks everyone!",
        "Not slept much with the new baby but loving every minute.",
        "The rehab centre on Mill Lane is recruiting volunteers.",
        "Mental health support is available 24/7 from the NHS on 111.",
        "Free, confidential counselling for carers is available at the library on Mondays.",
        "You can report it in confidence to Crimestoppers on 0800 555 111.",
        "The council's fraud team recovered £1m last year - well done to them.",
        "Police are investigating a burglary on Elm Road; call 101 with information.",
        "The confidential waste collection is on Tuesday this month.",
        "The Standards Committee meets in public on Thursday.",
        "Exempt items are listed on the agenda as the law requires.",
        "Our councillor code of conduct training was really useful today.",
        "A reminder: surgeries are private, and what you tell me is kept safe.",
        "My thoughts are with the family of the man killed on the A62 last night.",
        "The inquest into the fire at Eastgate depot opens next week.",
        "The parking enforcement team will be out checking blue badge bays this week.",
        "The housing repairs people fixed the boiler in a day. Impressed!",
        "The finance team presented the budget clearly tonight.",
    ],
)
def test_innocent_look_alikes_of_the_sixth_round_families_are_left_alone(text, checks):
    assert kinds(text, checks) == set()


def test_a_verdict_in_a_later_sentence_about_she_or_they_points_at_the_officer(checks):
    text = (
        "The report was presented by the same officer who promised me the lifts. "
        "She said there was no record. I have the email. She is either incompetent or "
        "dishonest."
    )
    assert Kind.STAFF in kinds(text, checks)
    # Not when the later sentence is about someone else.
    other = (
        "The report was presented by the same officer who promised me the lifts. "
        "She said there was no record. I have the email. My inbox is incompetent at search."
    )
    assert Kind.STAFF not in kinds(other, checks)


def test_the_authoritys_position_in_the_next_sentence_counts_only_as_we(checks):
    assert Kind.CAPACITY in kinds(
        "I sit on the Combined Authority. Our answer to the airport is no.", checks
    )
    assert Kind.CAPACITY not in kinds(
        "I sit on the Combined Authority. I stand with the residents of Lowfield.", checks
    )
    assert Kind.CAPACITY not in kinds(
        "The Combined Authority meets tomorrow. We at the Friends of Elm Park are holding "
        "a litter pick on Sunday.",
        checks,
    )
    assert Kind.CAPACITY in kinds(
        "We at the Combined Authority will not be supporting this.", checks
    )


# ---------------------------------------------------------------- seventh round:
# speaking for the Authority or a council, settled minds said briefly or as the
# Authority's, accusations in short replies and against young people, hostility
# to groups without a listed slur; each with innocent posts in the same words.


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # capacity: a role named, then the Authority's policy as "ours"
        (Kind.CAPACITY, "I chair the Authority's housing board and our policy is no more HMOs."),
        (Kind.CAPACITY, "Our policy at the CA is clear: not a penny for the airport."),
        (
            Kind.CAPACITY,
            "As the Combined Authority's portfolio holder for transport, our policy is simple: "
            "no new bus gates.",
        ),
        # capacity: said outright on its behalf, whatever the news it is about
        (
            Kind.CAPACITY,
            "Speaking on behalf of the Combined Authority, the consultation announced today "
            "is a sham.",
        ),
        (Kind.CAPACITY, "On behalf of the CA I say the Minister's press release is nonsense."),
        (
            Kind.CAPACITY,
            "Speaking for the Authority: the Government's announcement today is an insult.",
        ),
        # capacity: the CA's view, however it is abbreviated
        (Kind.CAPACITY, "The CA's position (mine, really) is that the tram should go to Holme."),
        (Kind.CAPACITY, "Short version: the CA's view is no."),
        (Kind.CAPACITY, "The CA’s view, and mine, is that the depot must close."),
        # capacity: the Authority made the speaker
        (
            Kind.CAPACITY,
            "A message from your Combined Authority: don't forget to vote Labour on Thursday!",
        ),
        (Kind.CAPACITY, "Your Combined Authority says: back our candidate on 2 May."),
        (Kind.CAPACITY, "Message from your CA - keep bus fares low, vote Reform."),
        # capacity: the Authority's stance said as settled fact
        (
            Kind.CAPACITY,
            "Take it from me, the Combined Authority will not be backing the airport expansion.",
        ),
        (Kind.CAPACITY, "The CA isn't going to fund the stadium, and that's that."),
        (Kind.CAPACITY, "I can tell you the Authority has no plans to reopen the depot."),
        # capacity: a council, named or not, spoken for right beside the position
        (Kind.CAPACITY, "On behalf of Hatherton Town Council, we oppose the new incinerator."),
        (Kind.CAPACITY, "We at Ravensdale Council won't stand for it."),
        (Kind.CAPACITY, "Speaking for the whole council: the Mayor's budget is a mess."),
        (Kind.CAPACITY, "We as a council reject the Government's plan outright."),
        (Kind.CAPACITY, "I'll say this on behalf of the whole council: the Minister can do one."),
        # predetermination: a brief vote on something named, not called an application
        (Kind.PREDETERMINATION, "Holme Road flats? I'm voting no."),
        (Kind.PREDETERMINATION, "Tesco on Mill Lane - a no from me."),
        (Kind.PREDETERMINATION, "The Brook Street shop conversion? I'll be voting against."),
        # predetermination: a settled mind tied to the member's seat
        (
            Kind.PREDETERMINATION,
            "The Bridge Street betting shop won't open while I'm on the planning committee.",
        ),
        (
            Kind.PREDETERMINATION,
            "As long as I sit on the licensing panel, that club stays shut.",
        ),
        (
            Kind.PREDETERMINATION,
            "That bar on the quay is going nowhere near a late licence while I sit on licensing.",
        ),
        # predetermination: a settled mind hinted at, or the decision as already taken
        (
            Kind.PREDETERMINATION,
            "I'm on Planning so I'll say nothing about the Aldi plans, but you all know where I "
            "stand #NoToAldi",
        ),
        (Kind.PREDETERMINATION, "Ribbon-cutting booked for once we rubber-stamp the depot."),
        (Kind.PREDETERMINATION, "The Orchard Way flats won't get past us at committee."),
        (Kind.PREDETERMINATION, "No point the applicant turning up to the licence hearing."),
        # defamation: a short reply, the accusation first and then whom it is about
        (Kind.DEFAMATION, "Fraud. @ApexHomesLtd"),
        (Kind.DEFAMATION, "Crook! Cllr Ward"),
        (Kind.DEFAMATION, "Total liar. 🤥 @MarkJonesCllr"),
        # defamation: crimes pinned on young people who can be identified
        (
            Kind.DEFAMATION,
            "The Walsh lads broke into the community centre again - Kyle, Jordan, we know who "
            "you are.",
        ),
        (Kind.DEFAMATION, "Jayden from the Meadows has been setting fire to the bins again."),
        (
            Kind.DEFAMATION,
            "Whoever keyed the cars on Park Street: Mason, I know exactly who you are.",
        ),
        # defamation: bribery insinuated
        (Kind.DEFAMATION, "Strange how Apex Homes Ltd bought their way onto the framework."),
        (
            Kind.DEFAMATION,
            "Somebody at Greenway Homes paid off the planning consultant, obviously.",
        ),
        (Kind.DEFAMATION, "Remind me which director's brother got the cleaning contract? 🤔"),
        # abuse: hostility to a group without a listed slur
        (Kind.ABUSE, "Migrants jumping the queue for council houses again while our own wait."),
        (Kind.ABUSE, "Refugees get everything handed to them, don't they."),
        (Kind.ABUSE, "Fed up of asylum seekers taking our jobs."),
        (Kind.ABUSE, "Walked down the high street and couldn't see one English face."),
        (Kind.ABUSE, "Felt like a foreign country at the market today 🙄"),
        (Kind.ABUSE, "Trans people screeching about toilets again."),
        (Kind.ABUSE, "Half the disabled people with blue badges are faking it."),
        # abuse: slurs in dialect, shortened and plural forms
        (Kind.ABUSE, "Bunch of poofs on the Lib Dem benches."),
        (Kind.ABUSE, "That lezza from the Greens is at it again."),
        (Kind.ABUSE, "Only the pakis run the late shops round here."),
        # abuse: a person called what their work was called
        (Kind.ABUSE, "The consultation is a farce and so is he."),
        (Kind.ABUSE, "Her report was a joke, and so was she."),
        (Kind.ABUSE, "Should be at home with her knitting, not chairing Finance."),
    ],
)
def test_the_seventh_round_families_are_found(kind, text, checks):
    assert kind in kinds(text, checks)


@pytest.mark.parametrize(
    ("text", "not_kinds"),
    [
        # a member's clearly labelled own view, and what is only reported
        (
            "Not speaking on behalf of the Combined Authority here: my own view is the "
            "consultation is too short.",
            {Kind.CAPACITY},
        ),
        (
            "Our Leader has written to the Minister on behalf of the council about the "
            "funding formula.",
            {Kind.CAPACITY},
        ),
        ("I've asked Dudley Council on behalf of residents to fix the lights.", {Kind.CAPACITY}),
        (
            "Message from the Combined Authority's travel team: the 36 bus is diverted this "
            "weekend.",
            {Kind.CAPACITY},
        ),
        (
            "The Combined Authority will not be backing the bid, says its press release today: "
            "example.org/news/bid",
            {Kind.CAPACITY, Kind.PREDETERMINATION},
        ),
        (
            "The Authority's complaints line is on the website, and it is free to call.",
            {Kind.CAPACITY},
        ),
        ("The CA's annual report is on its website.", {Kind.CAPACITY}),
        # the Authority's stance is the Authority's, not a member's mind made up
        (
            "The Combined Authority won't back the levy. It is not happening.",
            {Kind.PREDETERMINATION},
        ),
        ("Official: the Authority will be scrapping the bus gate plans.", {Kind.PREDETERMINATION}),
        # votes cast, votes without a side, and minds kept open
        ("I voted against the fare cap at Board today - here's why.", {Kind.PREDETERMINATION}),
        ("Polling day! I'll be voting at St Mark's Hall as usual.", {Kind.PREDETERMINATION}),
        ("Vote YES for Sarah Jones on Thursday!", {Kind.PREDETERMINATION}),
        (
            "I sit on Planning, so I'll keep my views to myself until the hearing.",
            {Kind.PREDETERMINATION},
        ),
        (
            "I'll listen to all the evidence before deciding on the Elm Park application.",
            {Kind.PREDETERMINATION},
        ),
        ("I know where I stand on potholes: fix them!", {Kind.PREDETERMINATION}),
        (
            "Made up my mind: I'm doing the Great North Run for the hospice 🏃",
            {Kind.PREDETERMINATION},
        ),
        # wrongdoing in general, a court's verdict reported, a warning
        (
            "Fraud has no place in our council, and the new whistleblowing policy at Full "
            "Council will help.",
            {Kind.DEFAMATION},
        ),
        (
            "There is no room for bribery in public life - good to see the Nolan training at "
            "County Hall.",
            {Kind.DEFAMATION},
        ),
        (
            "Cllr Hart's former business partner was convicted of fraud at Leeds Crown Court "
            "today.",
            {Kind.DEFAMATION},
        ),
        (
            "The former director of Apex Lettings was jailed for fraud this morning.",
            {Kind.DEFAMATION},
        ),
        ("Fraud warning. @ActionFraudUK says scam calls are up this month.", {Kind.DEFAMATION}),
        # young people praised, not accused
        ("Kids from Greenfield Juniors smashing it at sports day! 🏅", {Kind.DEFAMATION}),
        (
            "Thanks to Cllr Patel for getting the smashed windows at the bus shelter replaced.",
            {Kind.DEFAMATION},
        ),
        # groups spoken up for, not against; islands and flood banks
        (
            "Pensioners are being pushed to the back of the housing queue - not good enough.",
            {Kind.ABUSE},
        ),
        (
            "Refugee families in Holme need more help with housing - thanks to the volunteers.",
            {Kind.ABUSE},
        ),
        ("Wheelchair users have told me the new bollards are a barrier.", {Kind.ABUSE}),
        ("Residents moaning about the bins? Fair enough, I'm on it.", {Kind.ABUSE}),
        ("The flood dykes on the Levels need urgent repair.", {Kind.ABUSE}),
        ("Holiday snaps from Lesbos, back on Monday.", {Kind.ABUSE}),
        ("The new library is a joy and so is she, our brilliant librarian.", {Kind.ABUSE}),
        ("Here's Mabel, 88, with her knitting at the lunch club.", {Kind.ABUSE}),
        # someone else's rude words quoted to complain of them
        (
            "A resident told me the contractor called her a 'stupid cow'. Unacceptable.",
            {Kind.ABUSE},
        ),
        ('The site manager told my constituent to "shut up" - I have complained.', {Kind.ABUSE}),
        # an allegation against a company is defamation, not abuse
        (
            "Apex Builders took money off pensioners in Holme. Thieves, the lot of them.",
            {Kind.ABUSE},
        ),
        ("Northern Skips Ltd are illegally dumping again. Crooks.", {Kind.ABUSE}),
    ],
)
def test_innocent_look_alikes_of_the_seventh_round_families_are_left_alone(text, not_kinds, checks):
    assert not kinds(text, checks) & not_kinds


def test_an_insult_that_is_not_quoted_from_someone_else_still_counts(checks):
    assert Kind.ABUSE in kinds("Cllr Hart is an 'idiot', frankly.", checks)
    assert Kind.ABUSE in kinds("Cllr Hart is an idiot, I told the meeting.", checks)


def test_an_allegation_against_a_company_is_defamation_and_not_abuse(checks):
    text = "Apex Builders took money off pensioners in Holme. Thieves, the lot of them."
    assert Kind.DEFAMATION in kinds(text, checks)
    assert Kind.ABUSE in kinds("Pensioners in Holme? Thieves, the lot of them.", checks)


def test_a_council_spoken_for_counts_only_beside_the_position(checks):
    assert Kind.CAPACITY in kinds("Dudley Council will be scrapping the garden waste fee.", checks)
    assert Kind.CAPACITY not in kinds(
        "Dudley Council met on Tuesday. The Mayor will be scrapping the garden waste fee.",
        checks,
    )


def test_the_authoritys_stance_in_a_member_s_own_words_is_still_their_vote(checks):
    text = "The Combined Authority won't back the levy. I will be voting against it at committee."
    assert Kind.PREDETERMINATION in kinds(text, checks)


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # the body said to take a side in a cause
        (Kind.CAPACITY, "Just so everyone knows - the council supports Sunday's protest."),
        (Kind.CAPACITY, "The CA backs the bus drivers' strike. Solidarity!"),
        (Kind.CAPACITY, "Ravensdale Council is behind the Save Our Pool campaign all the way."),
        # the Authority's stance or line, however it is put
        (
            Kind.CAPACITY,
            "As lead member for skills at the Authority: our line is no more consultants.",
        ),
        (Kind.CAPACITY, "The Authority's stance (mine anyway) is that HS2 must come here."),
        (Kind.CAPACITY, "The combined authority's line is simple: no airport expansion."),
        # a decision spoken of as already lost or refused
        (
            Kind.PREDETERMINATION,
            "The bingo hall licence is toast once it reaches the sub-committee.",
        ),
        (
            Kind.PREDETERMINATION,
            "Trust me, the Red Lion won't be getting its licence back at the review hearing.",
        ),
        (Kind.PREDETERMINATION, "That HMO on Church Street is doomed when it comes to committee."),
        # groups kept from children, or said to get everything
        (Kind.ABUSE, "Gays shouldn't be teaching our kids."),
        (Kind.ABUSE, "Sick of foreigners getting council houses before our own kids."),
        (Kind.ABUSE, "Blacks and Asians get all the grants round here."),
    ],
)
def test_more_of_the_seventh_round_families_are_found(kind, text, checks):
    assert kind in kinds(text, checks)


@pytest.mark.parametrize(
    ("text", "not_kinds"),
    [
        # whom "on behalf of" speaks for is named after it
        ("I've written to the Combined Authority on behalf of Holme residents.", {Kind.CAPACITY}),
        (
            "On behalf of residents, thank you to the Combined Authority's bus team.",
            {Kind.CAPACITY},
        ),
        ("I support Saturday's march and will be there myself.", {Kind.CAPACITY}),
        ("The council supports 300 families with free school meals.", {Kind.CAPACITY}),
        ("The council's grant supports the Pride march every year.", {Kind.CAPACITY}),
        # a mind still open; a stem shared with "hearing" or "consultation"
        (
            "Not sure yet how I'll vote on Crow Lane - keen to hear your views.",
            {Kind.PREDETERMINATION},
        ),
        ("I've made my mind up about the new kitchen - blue it is!", {Kind.PREDETERMINATION}),
        (
            "The council voted against the Mill Lane scheme last night, 7-4.",
            {Kind.PREDETERMINATION},
        ),
        # fraud as a topic
        ("Tackling fraud: training for members with @NorthMidsCA next week.", {Kind.DEFAMATION}),
        ("Bribery and corruption have no place in public life.", {Kind.DEFAMATION}),
        # groups praised
        ("Our Muslim community raised £4,000 for the hospice. Thank you!", {Kind.ABUSE}),
        ("Pensioners get a raw deal from this budget - I'll be pushing for more.", {Kind.ABUSE}),
    ],
)
def test_more_innocent_look_alikes_of_the_seventh_round_families_are_left_alone(
    text, not_kinds, checks
):
    assert not kinds(text, checks) & not_kinds


def test_consultants_are_not_a_consultation(checks):
    text = "As lead member for skills at the Authority: our line is no more consultants."
    assert Kind.CAPACITY in kinds(text, checks)
    assert Kind.CAPACITY not in kinds(
        "As lead member for skills at the Authority: our line is set out in the consultation.",
        checks,
    )


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (Kind.CAPACITY, "The CA won't give a penny to the stadium, take it from me."),
        (Kind.CAPACITY, "We on the Combined Authority board say scrap the levy - end of."),
        (Kind.CAPACITY, "The Combined Authority's answer to the Minister is a flat no."),
        (
            Kind.PREDETERMINATION,
            "Trust me, that gym isn't opening on Mill Lane. I'm on the committee.",
        ),
        (Kind.PREDETERMINATION, "Crow Lane is dead. Committee just needs to make it official."),
        (Kind.PREDETERMINATION, "You know how I'll vote on the Mill Lane scheme 😉"),
        (
            Kind.DEFAMATION,
            "Tyler Nolan from the Greenfield estate has been dealing outside the school.",
        ),
        (Kind.ABUSE, "The Reform lot are all racist thugs."),
    ],
)
def test_further_wordings_of_the_seventh_round_families_are_found(kind, text, checks):
    assert kind in kinds(text, checks)


@pytest.mark.parametrize(
    ("text", "not_kinds"),
    [
        # what others say the Authority will do, and a view not yet formed
        (
            "The Mayor says the Combined Authority will back the bid; I'll believe it when I "
            "see it.",
            {Kind.CAPACITY},
        ),
        ("The Authority's view on this is still being formed - I'll report back.", {Kind.CAPACITY}),
        (
            "The Combined Authority hasn't spent a penny on Holme in ten years - shameful.",
            {Kind.CAPACITY},
        ),
        ("We on the parish council are holding a litter pick on Sunday.", {Kind.CAPACITY}),
        # an election's vote, a decision reported, a question not yet answered
        (
            "I'll be voting for Sarah Jones on Thursday - a brilliant candidate.",
            {Kind.PREDETERMINATION},
        ),
        ("The planning appeal was thrown out by the inspector today.", {Kind.PREDETERMINATION}),
        (
            "Lots of you have asked how I'll vote on Crow Lane. I can't say until I've heard the "
            "evidence at committee.",
            {Kind.PREDETERMINATION},
        ),
        (
            "Pleased the Transport Committee formally adopted the Local Transport Plan today.",
            {Kind.PREDETERMINATION},
        ),
        # the member lied to, a scam warned of
        ("Cllr Grant says she was lied to by the Government about the funding.", {Kind.DEFAMATION}),
        (
            "Scam alert: fake council officers are knocking on doors in Holme. Report to "
            "@ActionFraudUK.",
            {Kind.DEFAMATION},
        ),
        ("I've been dealing with Cllr Hart's office about the bins.", {Kind.DEFAMATION}),
    ],
)
def test_further_innocent_look_alikes_of_the_seventh_round_families_are_left_alone(
    text, not_kinds, checks
):
    assert not kinds(text, checks) & not_kinds


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # an insinuation about money or favours near someone identifiable
        (Kind.DEFAMATION, "Wonder how much the Apex Homes director paid for that permission 🤔💷"),
        (
            Kind.DEFAMATION,
            "Interesting that Cllr Price's company got the contract without a tender.",
        ),
        (
            Kind.DEFAMATION,
            "Who at Greenway Homes Ltd is paying for Cllr Long's holidays, I wonder?",
        ),
        # a group's name in scare quotes
        (Kind.ABUSE, 'Another day, another minibus of "asylum seekers" at the Grand. Aye, right.'),
        (Kind.ABUSE, "Funny how the 'disabled' always find a parking space at the pub."),
        (Kind.ABUSE, "Half these so-called 'refugees' have newer phones than me."),
        # who should do what, by sex or age
        (Kind.ABUSE, "Ladies, leave the budget to the men, eh? 😂"),
        (Kind.ABUSE, "Cllr Okafor should stick to braiding hair."),
        (Kind.ABUSE, "Women on the board should make way for men who understand money."),
        # a campaign against something, from a member who sits where it is decided
        (Kind.PREDETERMINATION, "#StopCrowLane - and I'll be on the committee that decides it 💪"),
        (Kind.PREDETERMINATION, "Proud to sit on the licensing panel. #BanTheBingoBar"),
        (
            Kind.PREDETERMINATION,
            "Think the quarry extension is getting through planning? Think again.",
        ),
    ],
)
def test_indirect_wordings_of_the_seventh_round_families_are_found(kind, text, checks):
    assert kind in kinds(text, checks)


@pytest.mark.parametrize(
    ("text", "not_kinds"),
    [
        ("Funny how the sun always comes out for the Holme gala! ☀️", {Kind.DEFAMATION}),
        (
            "Interesting that bus use is up 12% since the new timetable. Good news.",
            {Kind.DEFAMATION},
        ),
        (
            "Wonder how much the new bridge will cost in the end - I've asked Cllr Day for the "
            "figures.",
            {Kind.DEFAMATION},
        ),
        ("I asked about the 509 and was told Cllr Day will reply.", {Kind.DEFAMATION}),
        (
            'Residents told me the "asylum seekers" at the Grand have been made very welcome.',
            {Kind.ABUSE},
        ),
        ("Women's football at Holme Park this Sunday - come and support the team!", {Kind.ABUSE}),
        ("#SaveOurLibrary - sign the petition at the front desk.", {Kind.PREDETERMINATION}),
        (
            "Think the bins are collected on Friday? Think again - it's Saturday this week.",
            {Kind.PREDETERMINATION},
        ),
    ],
)
def test_innocent_look_alikes_of_the_indirect_wordings_are_left_alone(text, not_kinds, checks):
    assert not kinds(text, checks) & not_kinds


@pytest.mark.parametrize(
    ("text", "not_kinds"),
    [
        # someone a crime was done to, and young people praised
        (
            "Someone broke into Cllr Smith's car outside the town hall last night - police are "
            "investigating.",
            {Kind.DEFAMATION},
        ),
        (
            "Mrs Patel was mugged on Mill Lane on Tuesday - please report anything you saw.",
            {Kind.DEFAMATION},
        ),
        (
            "Vandals set fire to the bins on Elm Road again. Police have been told.",
            {Kind.DEFAMATION},
        ),
        (
            "To the lads from Holme FC: what a season! I know who you are - legends.",
            {Kind.DEFAMATION},
        ),
        ("Cllr Khan did a nice job at the gala, thank you!", {Kind.DEFAMATION}),
        ("Remind me which day Cllr Day's surgery is? Asking for a friend 😄", {Kind.DEFAMATION}),
        # groups spoken up for, by name of sex or age
        ("Thanks to the men and women of Holme Fire Station.", {Kind.ABUSE}),
        ("Women should step aside? Never. More women in politics, please.", {Kind.ABUSE}),
        # standing firm is not backing, and a referendum is not a committee
        (
            "The Combined Authority will not back down on cleaner buses, and I'm glad.",
            {Kind.CAPACITY},
        ),
        (
            "Voting yes in the Holme neighbourhood plan referendum on Thursday - I urge everyone "
            "to vote.",
            {Kind.PREDETERMINATION},
        ),
    ],
)
def test_victims_praise_and_rebuttals_are_left_alone(text, not_kinds, checks):
    assert not kinds(text, checks) & not_kinds


def test_a_crime_counts_against_the_one_named_as_doing_it(checks):
    assert Kind.DEFAMATION in kinds(
        "The Hughes boys have been dealing on the rec again. I know who you are.", checks
    )
    assert Kind.DEFAMATION in kinds(
        "Tyler Nolan from the Greenfield estate is the one who's been dealing outside the school.",
        checks,
    )
    assert Kind.DEFAMATION not in kinds(
        "Tyler Nolan from the Greenfield estate was the one who found the bike.", checks
    )


# families of wordings in confidential, safeguarding, personal data, staff and
# haste, each with innocent posts that share their words.

SEVENTH_ROUND_PRIVACY_AND_CONDUCT_FOUND = [
    # Papers not out yet, and "but" goes on to tell what is in them.
    (
        Kind.CONFIDENTIAL,
        "The draft budget isn't published until Friday but council tax is going up the maximum.",
    ),
    (
        Kind.CONFIDENTIAL,
        "Agenda papers don't go out till Monday, but the Eastgate library is on the closure list.",
    ),
    (
        Kind.CONFIDENTIAL,
        "The transport plan won't be out until March. But the 36 bus is being cut.",
    ),
    (
        Kind.CONFIDENTIAL,
        "Sneak peek 👀 the new fares table isn't out yet and singles are going to £2.50.",
    ),
    # A protective marking named to be brushed aside.
    (Kind.CONFIDENTIAL, "The report was marked as restricted but residents deserve to see page 4."),
    (Kind.CONFIDENTIAL, "It's stamped RESTRICTED, so what - 20 posts are going in highways."),
    (
        Kind.CONFIDENTIAL,
        "An OFFICIAL-SENSITIVE briefing landed in my inbox today: the depot is being sold.",
    ),
    # A copy slipped to the member; what "they" do not want seen; what may not be talked about.
    (
        Kind.CONFIDENTIAL,
        "Someone in finance has slipped me a copy of the savings plan. Grim reading.",
    ),
    (Kind.CONFIDENTIAL, "Here's the audit letter the Mayor doesn't want you to see 📄"),
    (
        Kind.CONFIDENTIAL,
        "I'm not allowed to talk about what was in the pack. Don't get attached to the pool.",
    ),
    (
        Kind.CONFIDENTIAL,
        "The bid was turned down weeks ago and they're sitting on it until after the election.",
    ),
    # A closed meeting that is told about, not named as procedure.
    (Kind.CONFIDENTIAL, "The Part 2 item tonight was the depot sale - they're giving it away."),
    (Kind.CONFIDENTIAL, "Closed session tonight? Let's just say the depot won't be ours for long."),
    (Kind.CONFIDENTIAL, "Another leak from the cabinet office: the bus cuts list is out."),
    (Kind.CONFIDENTIAL, "Just read the confidential report on the depot sale. Shocking numbers."),
    (Kind.CONFIDENTIAL, "Heard it here first: the leisure centre is being sold off."),
    # A document internal by nature, a source, a closed briefing, a draft seen.
    (Kind.CONFIDENTIAL, "An internal email from the director says the Hub will shut in spring."),
    (Kind.CONFIDENTIAL, "A source close to the Mayor says the tram is dead."),
    (Kind.CONFIDENTIAL, "I won't name my source, but the stadium deal is off."),
    (Kind.CONFIDENTIAL, "Entre nous, the bus depot sale is done."),
    (Kind.CONFIDENTIAL, "We had a closed briefing on the budget today and it's worse than feared."),
    (Kind.CONFIDENTIAL, "I've seen the draft. It isn't out till June and the 12 bus goes."),
    (Kind.CONFIDENTIAL, "You didn't get this from me, but the pool closes in May."),
    (
        Kind.CONFIDENTIAL,
        "I've got papers I'm not supposed to have and they don't make happy reading.",
    ),
    (Kind.CONFIDENTIAL, "Another leak to the press about the budget, and it's grim."),
    (Kind.CONFIDENTIAL, "I won't say where I heard it, but the stadium sale has gone through."),
    (Kind.CONFIDENTIAL, "Members were given sight of the draft restructure today: 30 posts go."),
    (
        Kind.CONFIDENTIAL,
        "The private item at cabinet was about the stadium. Draw your own conclusions.",
    ),
    (Kind.CONFIDENTIAL, "I can't go into it but the bus deal stinks."),
    (
        Kind.CONFIDENTIAL,
        "Found the draft restructure left on the printer in the members' room. Oops.",
    ),
    (Kind.SAFEGUARDING, "The boy who ran away from the Elm Road home is back, thanks for sharing."),
    (
        Kind.CONFIDENTIAL,
        "We've been asked to keep it under wraps, but it's bad news for the leisure centre.",
    ),
    (Kind.CONFIDENTIAL, "Not out til May but the 36 is going, you heard it from me."),
    (
        Kind.SAFEGUARDING,
        "Here's Leah from Oakfield Primary, a young carer for her mum, with her award.",
    ),
    (Kind.HASTE, "Been awake since 3 going over the budget. Something has to give."),
    (Kind.CONFIDENTIAL, "Once the cameras went off, the truth came out: the pool is finished."),
    (Kind.CONFIDENTIAL, "After the public left we were told the depot has already been sold."),
    (Kind.CONFIDENTIAL, "Here's the traffic survey they've been keeping from you."),
    (
        Kind.PERSONAL_DATA,
        "The chap at number 9, you know who I mean, has been on benefits since March.",
    ),
    (Kind.PERSONAL_DATA, "Poor Sandra Mills, her husband left and now the bailiffs are round."),
    (
        Kind.STAFF,
        "I'd love to know what the parks team does all day, because it isn't cutting grass.",
    ),
    (Kind.STAFF, "The receptionist at the civic centre needs some training in manners."),
    (Kind.HASTE, "Five hours sleep in four days and I'm about to reply to the Mayor."),
    (Kind.HASTE, "Sorry in advance for this one, but I've had enough of cabinet."),
    (Kind.HASTE, "Opened a bottle after that meeting and I'm going to say it: shambles."),
    # A child called by first name with where they are.
    (Kind.SAFEGUARDING, "Little Ruby from Oakfield Infants was thrilled with her certificate."),
    (
        Kind.SAFEGUARDING,
        "Young Kai starts at Holme Juniors on Monday, bless him, after a hard year.",
    ),
    (Kind.SAFEGUARDING, "Chatted to a boy in care who lives with a foster family in Ashby."),
    (Kind.SAFEGUARDING, "The boys from Year 9 at Eastfield High were in court on Monday."),
    (Kind.SAFEGUARDING, "Lovely letters from the girls in Year 4 at Oak Hill Primary."),
    (Kind.SAFEGUARDING, "The lads from Year 11 at Holme Academy have been at it again on the rec."),
    # A youth team's age group with the children named.
    (
        Kind.SAFEGUARDING,
        "Well done to the U12s from Holme Juniors - pictured: Jack P, Amira S and Leo W!",
    ),
    (Kind.SAFEGUARDING, "Our Under 14s squad with their medals, left to right Ben, Kai and Rosa."),
    (
        Kind.SAFEGUARDING,
        "Presented the cup to the under-9s today. Player of the match: Mia from Brook Lane.",
    ),
    # A refuge's newest arrivals.
    (
        Kind.SAFEGUARDING,
        "Dropped off presents for the boy who arrived at the women's refuge last night.",
    ),
    (
        Kind.SAFEGUARDING,
        "Books for the refuge on Church St - the teenage girl who arrived on Monday loves reading.",
    ),
    (
        Kind.SAFEGUARDING,
        "Met the three little ones who arrived at the safe house on Friday, such brave kids.",
    ),
    # Vulnerable adults where they live or are looked after, named or picked out.
    (Kind.SAFEGUARDING, "Here's Arthur, 91, from the Beech House nursing home with his medal."),
    (
        Kind.SAFEGUARDING,
        "Lovely to meet Brenda at the supported living scheme, pictured with her paintings.",
    ),
    (Kind.SAFEGUARDING, "The man who uses the day centre on Tower Street has been barred again."),
    # A person known by where they live, with something private.
    (Kind.PERSONAL_DATA, "Get well soon to my neighbour at number 12 who has just started chemo."),
    (
        Kind.PERSONAL_DATA,
        "You all know him, the chap with the red van. He's been in and out of hospital all year.",
    ),
    (Kind.PERSONAL_DATA, "The lady at the end house on Crow Lane has been evicted after 30 years."),
    (
        Kind.PERSONAL_DATA,
        "The old lady on Elm Row lost her husband in May and can't manage the stairs.",
    ),
    (Kind.PERSONAL_DATA, "The elderly man at number 40 has been in hospital since his fall."),
    # A named household's housing and family troubles.
    (
        Kind.PERSONAL_DATA,
        "Miss Begum's housing transfer came through after three years of waiting.",
    ),
    (Kind.PERSONAL_DATA, "Great news for Tom Hardy, finally out of that overcrowded flat."),
    (Kind.PERSONAL_DATA, "Shout out to Zara Ali who looks after her mum every day after school."),
    (Kind.PERSONAL_DATA, "Jay Patel's brother was stabbed outside the chip shop last month."),
    (Kind.PERSONAL_DATA, "Email Janet at janet.smith64@gmail.com if you want a lift."),
    (Kind.PERSONAL_DATA, "The case officer is j.wood@northmids.gov.uk, tell her what you think."),
    # A worker known by the job they do, and the verdicts on them.
    (Kind.STAFF, "Whoever wrote this consultation document should be embarrassed."),
    (
        Kind.STAFF,
        "The lad who sweeps the precinct is bone idle, seen him asleep on the bench twice.",
    ),
    (Kind.STAFF, "The girl who answers the phones at the depot was rude to me again."),
    (Kind.STAFF, "Our highways team couldn't be bothered to reply for six weeks."),
    (Kind.STAFF, "The officer in charge of the Leeds Road works ought to be ashamed."),
    (Kind.STAFF, "Darren on reception rolled his eyes at a pensioner today. Not on."),
    (Kind.STAFF, "Spoke to the officer about the streetlight. Honestly, useless."),
    (Kind.STAFF, "Kelly in planning lost my file again. Kelly, useless as ever."),
    (Kind.STAFF, "The parks supervisor doesn't seem to care that the swings are broken."),
    (Kind.STAFF, "Dave from highways said he'd ring back on Monday. Still nothing."),
    (Kind.STAFF, "The crossing patrol lady is glued to her phone every morning."),
    (Kind.HASTE, "Still wired after that vote, so here goes."),
    (Kind.HASTE, "Blood is up and I'm going to say it: this Mayor has failed us."),
    (Kind.STAFF, "That foreman on the Leeds Road job was swearing at shoppers. He needs to go."),
    (Kind.STAFF, "Rang the planning team twice, they just don't care. Typical of that department."),
    # Drink, no sleep and rage, as members put it.
    (Kind.HASTE, "Bit merry after the Christmas do so here goes: the bus cuts are a scandal."),
    (Kind.HASTE, "Had a skinful at the wedding and now I'm reading the agenda."),
    (
        Kind.HASTE,
        "48 hours no sleep because of the floods and I've had enough of the Environment Agency.",
    ),
    (Kind.HASTE, "Shaking with anger after that meeting."),
    (Kind.HASTE, "Been up since 4am with the floods. Quick thoughts before I crash:"),
    (Kind.HASTE, "Writing this at 2am because the vote tonight was a stitch-up."),
]


@pytest.mark.parametrize(("kind", "text"), SEVENTH_ROUND_PRIVACY_AND_CONDUCT_FOUND)
def test_the_seventh_rounds_privacy_and_conduct_families_are_found(kind, text, checks):
    assert kind in kinds(text, checks)


SEVENTH_ROUND_PRIVACY_AND_CONDUCT_INNOCENT = [
    # Papers not out yet, and nothing told about them.
    (
        Kind.CONFIDENTIAL,
        "The budget papers don't go out till next week, so I'll post a summary when they do.",
    ),
    (
        Kind.CONFIDENTIAL,
        "The consultation isn't published until March but you can sign up for updates now.",
    ),
    (
        Kind.CONFIDENTIAL,
        "The minutes aren't out until Thursday but I will share them as soon as they are.",
    ),
    # "Restricted" that is no marking.
    (Kind.CONFIDENTIAL, "Restricted parking on Mill Lane from Monday while the main is replaced."),
    (Kind.CONFIDENTIAL, "Access to the old depot is restricted while the demolition goes on."),
    (
        Kind.CONFIDENTIAL,
        "The figures the Authority wants you to see are on page 2 of the public pack.",
    ),
    # A secret asked back and answered.
    (Kind.CONFIDENTIAL, "Behind closed doors? No, the whole debate is on the webcast."),
    (Kind.CONFIDENTIAL, "Leaked? Nope, it was in Tuesday's public agenda pack."),
    (Kind.CONFIDENTIAL, "Confidential? Actually the report is on the website for all to read."),
    # A closed item named as procedure, or refused.
    (Kind.CONFIDENTIAL, "The exempt item will be taken after the public session, as always."),
    (Kind.CONFIDENTIAL, "Part 2 business will be heard in private as the law permits."),
    (Kind.CONFIDENTIAL, "The board went into private session for one item, as the law allows."),
    (
        Kind.CONFIDENTIAL,
        "Just back from the Part 2 session. Can't tell you what was said, and I won't.",
    ),
    # A pipe's leak.
    (Kind.CONFIDENTIAL, "The Station Road leak has been fixed overnight."),
    (Kind.CONFIDENTIAL, "Thanks to the crew who sorted the leak on Church Street so quickly."),
    (Kind.CONFIDENTIAL, "Burst main outside the school, the leak should be repaired by 5pm."),
    # A confidential way to report.
    (Kind.CONFIDENTIAL, "Worried about a child? Call the confidential safeguarding line any time."),
    (Kind.CONFIDENTIAL, "Our confidential staff support service is open day and night."),
    (Kind.CONFIDENTIAL, "There's a confidential reporting service for anyone who suspects fraud."),
    # An announcement's boast is capacity, not a leak.
    (Kind.CONFIDENTIAL, "Official: the CA is backing the new station. You heard it here first!"),
    # A secret questioned; a closed item on the public agenda.
    (
        Kind.CONFIDENTIAL,
        "Why is the bus review being kept confidential? Residents deserve answers.",
    ),
    (Kind.CONFIDENTIAL, "Why was the depot sale taken in closed session? I've asked the chair."),
    (
        Kind.CONFIDENTIAL,
        "Item 12 on the agenda is exempt item: a lease renewal. The rest is webcast.",
    ),
    (Kind.CONFIDENTIAL, "Internal audit report on grants is published today on the website."),
    (Kind.CONFIDENTIAL, "The leak in the library roof has finally been patched."),
    (Kind.CONFIDENTIAL, "Good news: the leak under the bowling green was repaired overnight."),
    (Kind.CONFIDENTIAL, "I'll always push to keep items out of closed session."),
    (Kind.SAFEGUARDING, "We need a new secondary school in Ashby, the kids deserve it."),
    (Kind.SAFEGUARDING, "Young Conservatives were out canvassing in Holme today."),
    (Kind.SAFEGUARDING, "Well done to young Tom Price, our new parish clerk."),
    (Kind.PERSONAL_DATA, "Welcome to Priya Shah, our new lead for mental health services."),
    (Kind.PERSONAL_DATA, "Cllr Lowe opened Dementia Awareness Week at the library."),
    # A youth team with nobody named.
    (Kind.SAFEGUARDING, "Under-11s football sessions restart at the leisure centre, all welcome."),
    (Kind.SAFEGUARDING, "The under 18s bus pass scheme is being extended to apprentices."),
    (Kind.SAFEGUARDING, "The new crossing has cut journey times to under 10 minutes."),
    # Children counted in a household or a club, not singled out.
    (
        Kind.SAFEGUARDING,
        "A family with three kids has been stuck in a one-bed at 14 Oak Road for a year.",
    ),
    (Kind.SAFEGUARDING, "Mrs Ahmed and her four children have waited two years for a transfer."),
    (Kind.SAFEGUARDING, "Thanks to Ken Marsh, whose breakfast club feeds 40 kids every morning."),
    # A refuge or a day centre with nobody picked out.
    (Kind.SAFEGUARDING, "Donations for the women's refuge appeal can be left at the library."),
    (
        Kind.SAFEGUARDING,
        "The day centre on Tower Street reopens on Monday after its refurbishment.",
    ),
    (Kind.SAFEGUARDING, "We're consulting on supported living services across the region."),
    # A precaution, and pupils known only by year group and school.
    (
        Kind.SAFEGUARDING,
        "Read to Year 2 at Oakfield Primary today. No photos of the pupils, as the school asked.",
    ),
    (Kind.SAFEGUARDING, "Congratulations to Year 5 at Oakfield Juniors on their spelling bee win."),
    (Kind.SAFEGUARDING, "Reception class at Hill Top Infants planted 50 trees today."),
    (
        Kind.SAFEGUARDING,
        "The bar next to Ashby Primary School wants a licence from the Licensing Sub-Committee.",
    ),
    # Fostering as a service.
    (
        Kind.SAFEGUARDING,
        "Our foster carers are amazing. Could you be one? Info evening Thursday at the Civic Hall.",
    ),
    (
        Kind.SAFEGUARDING,
        "Thinking about fostering? Come to the information evening at the town hall.",
    ),
    (Kind.PERSONAL_DATA, "All our foster carers deserve a medal, thank you to every one of them."),
    # A councillor's role address; tenants as a body; a service for anyone.
    (Kind.PERSONAL_DATA, "Email me at cllr.j.smith@example.org with any casework."),
    (Kind.PERSONAL_DATA, "Write to councillor.khan@northmids.gov.uk if your bins are missed."),
    (
        Kind.PERSONAL_DATA,
        "Brilliant turnout at the Oakwood tenants' association AGM with Janet Marsh.",
    ),
    (Kind.PERSONAL_DATA, "Speaking at the Park Court tenants meeting tonight with Cllr Ahmed."),
    (
        Kind.PERSONAL_DATA,
        "Free drop-in for anyone struggling with debt at the Hub, run by Citizens Advice.",
    ),
    (Kind.PERSONAL_DATA, "The council's transfer to a new bin contractor starts in April."),
    (Kind.PERSONAL_DATA, "Dr Shah will talk about dementia support at the library on Friday."),
    (Kind.PERSONAL_DATA, "Come along to a talk on universal credit with Jane Ellis from the Hub."),
    (Kind.PERSONAL_DATA, "Residents want the Spar's alcohol licence reviewed."),
    # A worker's job, praised; a verdict on others.
    (Kind.STAFF, "The lad who sweeps the precinct deserves a medal, thank you!"),
    (Kind.STAFF, "The girl who answers the phones at the depot was brilliant."),
    (Kind.STAFF, "The Government should be embarrassed about rail funding in the north."),
    (Kind.STAFF, "I'm embarrassed I missed the meeting, apologies to all."),
    (Kind.STAFF, "The person who dumped this rubbish on Mill Lane should be ashamed."),
    # A verdict said of a thing, or told to a service by name.
    (Kind.STAFF, "Re the 20mph scheme: the council's line is that it's a waste of money."),
    (Kind.STAFF, "The officers say the scheme works. I think it's a total shambles."),
    (Kind.STAFF, "Three months without a working streetlight on Oak Road. Highways, sort it out."),
    (Kind.STAFF, "The officer says the fly-tipping is cleared. Parks, get a grip on the rest."),
    (Kind.STAFF, "We at the Mayor's office won't be funding vanity projects. Simple as."),
    # A thing the council owns is no one.
    (Kind.STAFF, "The council's new parking app is useless, it crashed three times."),
    (Kind.STAFF, "The Authority's consultation survey is a shambles of leading questions."),
    # A late hour that is a licence's or the lorries'; tired for a good cause.
    (Kind.HASTE, "The Crown wants a licence to serve until 2am at weekends."),
    (Kind.HASTE, "At 3am the gritters were already out on the A61. Thank you, crews!"),
    (Kind.HASTE, "No sleep for our flood wardens tonight - huge thanks to every one of them."),
    (Kind.HASTE, "Fireworks at midnight from the castle. Thanks to the events team!"),
    (Kind.CONFIDENTIAL, "A copy of the draft Local Plan is available at every library."),
    (Kind.CONFIDENTIAL, "The cameras were off for ten minutes because of a fault, sorry all."),
    (Kind.SAFEGUARDING, "Saw Pete at the bus stop again, poor lad, the 42 never turned up."),
    (Kind.STAFF, "Our planners have a huge workload and deserve our support."),
    (Kind.STAFF, "It shows how hard the parks team work - the flower beds are stunning."),
    (Kind.HASTE, "Opened a bottle of fizz to celebrate the new library opening!"),
    (Kind.STAFF, "All new staff at the depot get customer service training from day one."),
    (
        Kind.PERSONAL_DATA,
        "Signing on for another year as chair of the Holme in Bloom group with Janet Marsh!",
    ),
    (
        Kind.CONFIDENTIAL,
        "The refurbished play area has been under wraps for months - grand opening Saturday!",
    ),
    (
        Kind.CONFIDENTIAL,
        "Once the cameras arrived the kids from Oakfield Primary put on a great show.",
    ),
    (
        Kind.CONFIDENTIAL,
        "After the public left the hall, volunteers stayed to stack chairs. Thank you all.",
    ),
    (
        Kind.CONFIDENTIAL,
        "The leisure review is being kept from you? No - it's on the website, page 3.",
    ),
    (
        Kind.HASTE,
        "Ten hours sleep in two nights on the campaign trail, but what a result for Holme!",
    ),
    (
        Kind.HASTE,
        "Sorry in advance for the road closures next week - the resurfacing will be worth it.",
    ),
    (Kind.CONFIDENTIAL, "The board met in private session for a staffing matter, as is usual."),
    (Kind.CONFIDENTIAL, "Need a lift to vote? Say no more, our volunteers can help."),
    (Kind.HASTE, "Got a few things off my chest at full council tonight - here's my speech."),
    (Kind.SAFEGUARDING, "The new foster carers' support group meets monthly at the Hub."),
    (Kind.SAFEGUARDING, "Forty children ran in the Holme Junior Park Run - amazing effort."),
    (Kind.SAFEGUARDING, "The crossing patrol outside St Peter's keeps the kids safe every day."),
    (Kind.PERSONAL_DATA, "Universal credit changes explained: our session at the Hub on Weds."),
    (Kind.SAFEGUARDING, "The Year 6 leavers' assembly was lovely. Good luck at secondary school!"),
    (Kind.CONFIDENTIAL, "The survey isn't out until Monday but here's how to respond when it is."),
    (
        Kind.CONFIDENTIAL,
        "Officially sensitive subject, I know, but we must talk about care funding.",
    ),
    (Kind.STAFF, "Swearing at council staff is never acceptable, and the new signs say so."),
    (Kind.HASTE, "Lorries reversing at 4am every night on Mill Lane, noise complaints welcome."),
    (Kind.HASTE, "Objections to its 2am closing are due by Friday."),
    (
        Kind.HASTE,
        "Absolutely steaming - literally, I've just come out of the sauna at the leisure centre!",
    ),
    (Kind.HASTE, "Exhausted after the sponsored bike ride for the food bank, £1,200 raised!"),
    (Kind.HASTE, "Knackered but worth every step, 10k for the hospice."),
    (Kind.HASTE, "Merry Christmas to everyone in Holme ward!"),
    (Kind.HASTE, "We're shaking with excitement about the new library!"),
    (Kind.CONFIDENTIAL, "My neighbour slipped me a note about the bin day."),
]


@pytest.mark.parametrize(("kind", "text"), SEVENTH_ROUND_PRIVACY_AND_CONDUCT_INNOCENT)
def test_innocent_look_alikes_of_the_seventh_rounds_privacy_and_conduct_families(
    kind, text, checks
):
    assert kind not in kinds(text, checks)


def test_places_after_the_and_committees_are_not_people():
    draft = Draft(
        "Evening at the Elm Court tenants' meeting, then the Licensing Sub-Committee, "
        "then Greenfield Juniors and an Ofsted visit."
    )
    assert not [draft.text[n.start : n.end] for n in names(draft) if n.person]
    draft = Draft("Well done to the kids of the Brook Lane youth club and the Oak Hill tenants.")
    assert not [n for n in names(draft) if n.person]
    # A surname that is a place word is still a person when nothing places it.
    assert [n for n in names(Draft("Janet Hill told me about the bins.")) if n.person]


def test_the_stemmer_keeps_apart_words_it_would_join():
    assert not TermList(["it is 2am"]).find(Draft("Its 2am licence is the issue."))
    assert TermList(["it is 2am"]).find(Draft("It's 2am and I'm still up."))
    assert not TermList(["officer"]).find(Draft("The Mayor's office said no."))
    assert TermList(["officer"]).find(Draft("The officers said no."))
    assert not TermList(["alcoholic"]).find(Draft("An alcohol licence for the shop."))
    assert not TermList(["consultants"]).find(Draft("The consultation closes on Friday."))
    assert TermList(["consultants"]).find(Draft("The consultant said no."))


def test_a_bodys_possessive_is_staff_only_with_its_people(checks):
    assert Kind.STAFF in kinds("The council's legal team are useless.", checks)
    assert Kind.STAFF in kinds("The Monitoring Officer's advice was clueless.", checks)
    assert Kind.STAFF not in kinds("The council's website is useless.", checks)


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (
            Kind.CAPACITY,
            "On behalf of all of us at the Combined Authority: shame on the Government.",
        ),
        (
            Kind.CAPACITY,
            "Speaking as the CA's transport lead: the Minister's rail plan is dead on arrival.",
        ),
        (
            Kind.PREDETERMINATION,
            "That wind farm is never getting built while I'm chair of planning.",
        ),
        (
            Kind.PREDETERMINATION,
            "The Elm Park HMO application? Dead on arrival when it reaches committee.",
        ),
        (
            Kind.PREDETERMINATION,
            "Residents of Moor Lane: the phone mast will not be going up. I'm on the panel.",
        ),
        (Kind.DEFAMATION, "The chair of Holme Trust has had his fingers in the till for years."),
        (Kind.ABUSE, "The travellers are back and the crime rate's gone up, funny that."),
        (Kind.ABUSE, "Too many foreigners in Holme now, it's not the same place."),
    ],
)
def test_last_wordings_of_the_seventh_round_families_are_found(kind, text, checks):
    assert kind in kinds(text, checks)


@pytest.mark.parametrize(
    ("text", "not_kinds"),
    [
        (
            "Speaking as a mum, the Combined Authority's bus cuts hurt families like mine.",
            {Kind.CAPACITY},
        ),
        (
            "Speaking as the CA's transport lead: the Minister's rail plan is dead on arrival.",
            {Kind.PREDETERMINATION},
        ),
        ("Apex Developments Ltd handed over the new library keys today.", {Kind.DEFAMATION}),
        (
            "I'll vote on the Crow Lane plans after hearing from everyone at committee.",
            {Kind.PREDETERMINATION},
        ),
        ("The crime rate in Holme has gone down this year - thanks to the police.", {Kind.ABUSE}),
        ("Holme's not the same place since the library closed.", {Kind.ABUSE}),
    ],
)
def test_last_look_alikes_of_the_seventh_round_families_are_left_alone(text, not_kinds, checks):
    assert not kinds(text, checks) & not_kinds


# Drinks counted as what the member has just had show haste; a pint of milk,
# a glass of water or a drink on another day do not.


@pytest.mark.parametrize(
    "text",
    [
        "Honestly, after three pints I have to say it: this budget is a joke.",
        "Downed a few beers at the club and I've read the Lib Dem leaflet. Let's have it.",
        "On my fourth glass of red and I still can't believe what the cabinet did today.",
        "after 5 jars with the lads, here's what I really think of the bus plan",
        "Sank a couple of ciders at the fete, now for some home truths about the parish council",
    ],
)
def test_drinks_counted_as_just_had_show_haste(text, checks):
    assert Kind.HASTE in kinds(text, checks)


@pytest.mark.parametrize(
    "text",
    [
        "Popped to the Co-op after three pints of milk ran out at the breakfast club.",
        "Had two drinks with the Mayor at the reception last month, a good chat about buses.",
        "After two glasses of water and a lie down, the heatwave advice is below.",
        "The beer festival sold 3,000 pints for the hospice - thank you all!",
    ],
)
def test_drinks_not_just_had_are_no_haste(text, checks):
    assert Kind.HASTE not in kinds(text, checks)


# The eighth round's families: the general shapes behind the misses of a
# writer's batch, each with wordings of its own and innocent look-alikes.

EIGHTH_ROUND_FOUND = {
    "abuse: telling someone to go away": [
        "Honestly Gavin, jog on.",
        "You lot can sod off back to Facebook 😂",
        "To the anonymous account in my replies: do one.",
    ],
    "abuse: contempt in how someone is called": [
        "Pipe down you pathetic little man.",
        "What a smug git the new portfolio holder is.",
        "Someone tell that vile woman to apologise to the residents.",
    ],
    "abuse: wanting someone hurt": [
        "That lad deserves a good slap for what he did to the bus shelter.",
        "Whoever nicked the charity tin from the Co-op wants stringing up.",
        "The chap heckling at the hustings needs a proper kicking.",
    ],
    "abuse: a group kept out of public life": [
        "Women have no business running a budget this size.",
        "Travellers should not be allowed within a mile of the school.",
        "Muslims should stick to their own community centres.",
    ],
    "abuse: a disclaimer before a jab at a group": [
        "I've nothing against Polish people but the high street isn't ours any more.",
        "No offence to the Romanians, but enough is enough.",
        "I'm not racist but there are far too many of them round here now.",
    ],
    "abuse: not troubling to fit in": [
        "They won't even try to speak English in the shop.",
        "Half of them can't be bothered to learn English.",
        "Integrate or go home, simple as.",
    ],
    "abuse: age held against a member": [
        "At 83 she should be in a care home, not running the Finance committee.",
        "Cllr Bates is far too old to chair planning.",
        "He should be in a home, not chairing Overview and Scrutiny.",
    ],
    "abuse: wanting someone shot or hanged": [
        "Whoever's in charge of the ring road roadworks wants shooting.",
        "The lot of them need hanging for what they did to the market.",
    ],
    "staff: laughing at residents or ignoring them": [
        "The receptionist at Civic Centre 1 laughed in my resident's face. Unbelievable.",
        "Planning officers again ignoring residents. Do they even live here?",
        "The bin crew laughed at us when we asked them to pick up what they'd dropped.",
    ],
    "haste: just in from the pub, no proper sleep, anger past words": [
        "Just got in from the pub and I need to say something about this budget.",
        "Not slept properly in a week and now this from cabinet.",
        "Angry doesn't cover it. The bins have been missed again.",
    ],
    "personal_data: a neighbour taken into hospital": [
        "Please pray for my neighbour Kath on Moor End who's been rushed into hospital again.",
        "Lovely Mr Haigh at number 4 was taken to hospital last night after a fall.",
    ],
    "abuse: silencing put-downs": [
        "Nobody asked you, sweetheart.",
        "Put a sock in it, grandad.",
        "Shut your trap and sit down, Reform boy.",
    ],
    "abuse: wishing harm, or a slap given": [
        "Someone should give that councillor a slap.",
        "Hope your house floods next, you heartless so-and-so.",
        "I hope they rot for what they did to the library.",
    ],
    "abuse: sent away without saying 'go back'": [
        "If you don't like it here, you know where the airport is.",
        "Don't like it here? Then leave.",
    ],
    "abuse: a group as a cabal, or chosen only for being one of it": [
        "Oh look, it's the gay mafia running the arts budget again.",
        "Bet she only got the cabinet job because she's a woman.",
        "People in wheelchairs shouldn't be standing for council.",
    ],
    "abuse: a slur after 'not having'": [
        "Not having a pikey camp on the rec, no chance.",
        "We're not having gippo caravans on the playing field again.",
    ],
    "capacity: the body's stance stated by a member": [
        "GMCA has no confidence in the franchising delay.",
        "Leeds Council does not support the casino bid, full stop.",
        "Council position: no more money for the arena.",
        "Take this as the Authority's answer: the tram extension is off.",
        "Barnsley Council is endorsing our candidate in Darton.",
        "The council will waive the fees for the gala - I've instructed officers to.",
    ],
    "capacity: what the body will do, on the member's own authority": [
        "As far as the council is concerned, the Northgate car park sale is off.",
        "The Authority won't be renewing the contract with Arriva - you heard it from me first.",
        "Calderdale Council has decided: no more fireworks on the rec. I can confirm that.",
        "Our council stands with the striking bin crews.",
    ],
    "predetermination: an outcome said to be certain": [
        "That waste plant application is going to get binned next month.",
        "The Kirkgate nightclub licence is getting revoked on Friday.",
        "The Ashgrove scheme? It's gonna be thrown out at committee.",
    ],
    "predetermination: the member moving the decision": [
        "I'll be proposing refusal at Planning on the 3rd.",
        "We will be moving that it be refused when the quarry comes to committee.",
        "Come to the hearing on Monday - I am seconding refusal.",
    ],
    "predetermination: the member disposing of it or telling the applicant not to come": [
        "Come Tuesday I'm throwing that application in the bin where it belongs.",
        "We'll be kicking the Birkby HMO plans out, mark the date.",
        "Applicant for the Birkby HMO needn't bother turning up on Tuesday.",
    ],
    "predetermination: advice dismissed before it is heard": [
        "The planners can recommend whatever they want on the bypass scheme.",
        "Objectors can say what they like, the Elm Lane application is sound.",
        "Officers may argue all they like about the retail park.",
    ],
    "predetermination: certain, from one who sits on the body": [
        "I'm on the licensing panel. That pub is shutting for good, take it from me.",
        "I sit on the committee that decides it. The mast will come down, believe me.",
    ],
    "safeguarding: an old resident identified with their frailty": [
        "Poor Ted (88) is housebound and nobody has been to fix his heating.",
        "Spoke to Irene at 3 Moor Close - she's 91, lives alone and had a fall last week.",
        "Mr Dyson is 86 and on oxygen, and the lift at Hawthorn Court is broken again.",
    ],
    "safeguarding: a child described and placed on a street": [
        "The little girl in the red coat on Hawthorn Avenue has been left on her own again.",
        "That young lad who lives on Spring Grove is out till midnight every night.",
        "The boy from Ashfield Road with the broken arm still hasn't been seen by anyone.",
    ],
    "safeguarding: a household's children once its address is given": [
        "Visited the Walsh family at 7 Green Lane. Dad and four kids in a one-bed flat.",
        "Visited Lisa Shaw at 12 Fern Street WF3 1AB: three kids, no heating since October.",
    ],
    "personal_data: someone described and placed on a street": [
        "The old boy at the end of Linden Avenue with Parkinson's has had his care cut.",
        "That woman from Sycamore Close who's in rent arrears has been threatened again.",
        "The lad on Moor Lane who's just out of rehab needs a job, can anyone help?",
        "The couple at number 9 are in rent arrears again and the bailiffs came today.",
        "The lady in flat 4 has learning disabilities and her neighbour takes her money.",
    ],
    "defamation: selling to children what the law keeps from them": [
        "Kwik Stop on Bridge Street sells cigarettes to kids, everyone knows.",
        "Mahmood's Mini Market has been serving underage lads for months.",
        "The Crown Inn sold vodka to 15 year olds on Saturday night.",
    ],
    "defamation: a crime or a favour in everyday words, against one known by what they run": [
        "That pervert who runs the corner shop on Leeds Road should be locked up.",
        "The owner of Smith's Garage has been dodging tax for years, ask anyone.",
        "Everyone knows Cllr Barker's son got that council job through the back door.",
    ],
    "defamation: money in scare quotes, or asked where it went": [
        'Cllr Dean\'s "expenses" would make a banker blush.',
        "The chair's 'consultancy fees' from Apex Homes Ltd are quite something.",
        "Wouldn't trust Cllr Mahmood an inch - ask him where the ward budget went.",
    ],
    "confidential: refused, then told anyway": [
        "Sat in the closed bit of cabinet. Can't say what, but Birkby baths won't see next year.",
        "Rumour has it (from someone who'd know) the museum is closing.",
    ],
    "personal_data: someone known without a name, and how they live": [
        "The poor old fella at the bottom of Kirkgate with no family is sleeping in his car now.",
        "The old dear next to the chippy has been living in her car since the fire.",
    ],
    "abuse: a group said to steal": [
        "Those people from the caravans have been helping themselves again.",
        "Travellers back on the rec, robbing anything not nailed down.",
    ],
    "defamation: a candidate accused": [
        "The Reform candidate for Ward 3 is a fraud and a liar.",
        "The bloke standing for the Greens in Holme has been fiddling his expenses for years.",
    ],
    "staff: calling for someone to go": [
        "Our parks manager hasn't cut the grass since May. Time he went.",
        "The head of housing ignored forty emails from me. She has to go.",
        "High time they moved on - the highways team have botched Station Road twice.",
    ],
    "staff: on the phone on the job": [
        "The warden on Lidget St was on his phone the whole time he was meant to be watching.",
        "The crossing patrol lady was on her phone again while the kids crossed.",
    ],
    "haste: drinks counted at the start": [
        "Couple of ciders in, and now reading the budget papers.",
        "Three glasses of red at the quiz and I've got thoughts on this consultation.",
        "Few jars with the lads and then this email from the Leader. Right.",
    ],
    "haste: a long shift": [
        "16 hours on shift and now this email from the council.",
        "12 hrs on shift, eyes hanging out, and the Leader wants a statement.",
        "Forgive me if this comes out wrong but the new bin rota is a mess.",
    ],
    "confidential: a secret laughed at but about the council's business": [
        "In confidence... I've seen the budget and it's grim 😂",
        "Between you and me, the depot sale is a disaster 😂",
    ],
    "confidential: a coy hint at what is not public": [
        "Without giving too much away, the depot sale is further on than you'd think.",
        "The leisure centre news is bigger than they are letting on.",
        "Without breaking any rules I can tell you the museum is in trouble.",
    ],
}
EIGHTH_ROUND_INNOCENT = {
    "abuse": [
        "The flooding won't go away on its own, so the council must act.",
        "Go away for half term? The library has free activities instead.",
        "Go away and enjoy the bank holiday, everyone - bins are collected as normal.",
        "My sad little tomato plants survived the frost!",
        "Thank you to the lovely old man who handed in my purse.",
        "The pitch took a battering in the storm but the groundsmen were heroes.",
        "Women have every business standing for council - come to our workshop.",
        "I have nothing against the proposal but the junction needs work.",
        "Free classes for residents learning English at Batley library on Tuesdays.",
        "Grandad is 92 and still does the crossword every morning.",
        "Nan is 88 and should be in a home, not struggling alone, but there are no places.",
        "We're not having a closed meeting on the budget, it will all be in public.",
        "Nobody asked you to do it, Sue, but you did - thank you!",
        "We gave the old bandstand a good scrub on Saturday.",
        "Hope your basement never floods again after the new drains!",
        "You know where the door is - my surgery is open every Saturday.",
        "The women's agenda for the AGM is attached.",
        "Pipe down the side of the library is leaking again.",
        "Disgusting driving on the 363 today, he went straight past a woman with a pram.",
    ],
    "capacity": [
        "I've asked the council to reconsider the bin changes.",
        "I rang the council and I've told them to fix the pothole on Moor Lane.",
        "Parking position: still no change on Northgate, sorry folks.",
        "My position: I'll keep pushing for the crossing.",
        "Residents asked me what the council's position on the tip will be.",
        "The Women's Institute is endorsing the litter pick on Sunday.",
        "WYCA's new bus timetable starts on Monday.",
        "The council will be gritting tonight, I can tell you the crews are ready.",
        "As far as I am concerned, the gala was the best yet.",
    ],
    "predetermination": [
        "The Elm Road application was refused last year.",
        "Officers are recommending approval; I'll listen to everyone on the night.",
        "I will be moving house next month, so my surgery moves to Thursdays.",
        "I'm throwing the old sofa out this weekend, any takers?",
        "Trust me, the gala is going to be brilliant.",
        "No way did we expect the street party to get approved so quickly - thanks all!",
        "I recommend the pie at the Kings Arms, no question.",
        "Fingers crossed our community garden application is getting approved next week!",
    ],
    "safeguarding": [
        "Smooth as a baby's bottom, the new surface on Leeds Rd. Well done crews!",
        "Spoke to Dave on Church Street; his lad has finally found work.",
        "Foster carers needed across Calderdale - could you help?",
        "Mum and three kids in a damp flat is what too many families face.",
        "A family with two kids at 9 Elm Road has waited a year for a transfer.",
        "Jean is 91 and still litter picking every week!",
        "The old boy who runs the bowling club on Park Road retires after 40 years.",
    ],
    "personal_data": [
        "The HMO at 41 Cardigan Rd goes to Planning next month.",
        "The shop at 2 Market St has closed after forty years.",
        "Contact the Calder Carers Network if caring for someone with dementia gets too much.",
        "Cllr Ali as Widow Twankey was the star of the panto.",
        "Cllr Dean says wheelchair users in Ossett wait months for ramps.",
        "The phone kept ringing on Monday at the ward office.",
        "The bus to hospital now runs every 20 minutes from Moor End.",
        "The tenant at number 12 has started a litter pick on Sundays.",
        "Cllr Patel has read all the sections of the report twice.",
        "Foster carers and families group meets at the library on Tuesdays.",
    ],
    "defamation": [
        "Cllr Mann stole the show at the quiz night.",
        "A six-figure pay-off for the outgoing director was approved in public session.",
        "Shops selling vapes to children will face fines, says Trading Standards.",
        "Deliveries for Cllr Barker's surgery go through the back door on Mill Lane.",
        'Cllr Dean said the "expenses" rules are clear and he follows them.',
        "Cllr Shah chairs the 'Members Allowances' panel this year.",
        'Cllr Shah asked to film the meeting and was told "not allowed".',
        "After a few pints at the Red Lion I'll just say it: the Mayor's budget is a joke.",
        "The owner of the Crown has raised £2,000 for the hospice - what a star.",
    ],
    "staff": [
        "Our receptionist Jean retires on Friday after 30 years - thank you Jean!",
        "The lollipop lady has done 30 years; time she went and put her feet up!",
        "The housing team can now log repairs with an app on their phone.",
        "The panto crew had the whole hall laughing at the dame's jokes - brilliant.",
        "The team on the phones took 2,000 calls in the storm. Brilliant work.",
    ],
    "haste": [
        "Two pints of milk and a loaf: the mobile shop is back on Thursdays.",
        "Residents are angry, and rightly so - the bins have been missed again.",
        "Three drinks in the vending machine at the leisure centre were out of date.",
        "16 hours of music at the festival - sorted the noise complaints with the organisers.",
    ],
    "confidential": [
        "Without breaking the bank, we can still fix the play area.",
        "Between you and me... I've finally learned to make a decent Yorkshire pudding 😂",
        "Don't tell anyone but my birthday cake was shop bought lol",
        "Press and public are welcome at Thursday's meeting.",
        "Out of the closed session. Can't tell you what was discussed, but I'll share what I can.",
    ],
}


@pytest.mark.parametrize(
    ("family", "text"),
    [(family, text) for family, texts in EIGHTH_ROUND_FOUND.items() for text in texts],
)
def test_the_eighth_rounds_families_are_found(family, text, checks):
    assert Kind(family.split(":")[0]) in kinds(text, checks)


@pytest.mark.parametrize(
    ("kind", "text"),
    [(kind, text) for kind, texts in EIGHTH_ROUND_INNOCENT.items() for text in texts],
)
def test_innocent_look_alikes_of_the_eighth_rounds_families_are_left_alone(kind, text, checks):
    assert Kind(kind) not in kinds(text, checks)
