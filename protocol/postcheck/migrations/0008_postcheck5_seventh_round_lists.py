"""Word lists of the seventh round, part two: the wording families behind misses and false alarms in capacity, predetermination, defamation and abuse.

As in 0003, 0005 and 0006, a term is added to a list only if the list lacks it,
and going back removes only this migration's terms.
"""

import importlib

from django.db import migrations

BROADER = importlib.import_module("protocol.postcheck.migrations.0003_postcheck_broader_lists")

ADDITIONS = {
    "capacity": {
        # The Authority made the speaker ("Your Combined Authority says…"), its policy said as "our policy", its settled stance said as
        # fact ("the Combined Authority will not be backing…", "isn't happening"),
        # and a party's name put in its mouth.
        "words": """
            "your" combined authority says
            "your" combined authority wants
            "your" combined authority urges
            "your" combined authority is asking
            "your" combined authority is urging
            from all of us at the combined authority
            the authority's stance
            the combined authority's stance
            the authority's line
            the combined authority's line
            the authority's answer
            the combined authority's answer
            the authority's verdict
            the combined authority's verdict
            combined authority verdict
            speaking for all of us
            speaking for us all
            speaking for the whole
            speaking for the council
            on behalf of all of us on
            we as a council
            as a council we
            we as an authority
            as an authority we
            we as the council
        """,
        "pair_words": """
            our policy is
            our policy
            our stance
            will not be backing
            not a penny
            not put a penny
            not give a penny
            not be giving a penny
            not be putting a penny
            not going to put a penny
            not going to give a penny
            not putting a penny
            not giving a penny
            flat no
            we on the
            speaking as
            do not want
            will be bringing in
            our new partnership
            i can tell you
            is not backing
            is not going to fund
            is not happening
            is not going to happen
            will not be going ahead
            is not going ahead
            has no plans to
            vote conservative
            vote labour
            vote tory
            vote reform
            vote green
            vote lib dem
            vote liberal democrat
            vote independent
            vote plaid
        """,
        "context_words": "",
        # The Authority's published services: "the Authority's whistleblowing
        # line is on the website".
        "unless_words": """
            whistleblowing
            helpline
            hotline
            phone line
            complaints line
            reporting line
            on the website
            on its website
            lines are open
            line is open
            according to
            believe it when i see it
            the mayor says
            the leader says
            the mayor has said
            the leader has said
            still being formed
            yet to decide
            yet to take a view
            not yet decided
            grant of
            with a grant
        """,
    },
    "predetermination": {
        # A settled mind tied to the member's seat: "…while I'm sat on the
        # licensing sub-committee", "not while I sit on planning"; a decision
        # spoken of as already taken ("once we rubber-stamp it").
        "words": """
            once we rubber-stamp
            once we rubber stamp
            when we rubber-stamp
            once we approve it
            once we sign it off
            once we wave it through
            once we nod it through
        """,
        "pair_words": """
            while i am sat on
            is toast
            are toast
            is doomed
            are doomed
            not be getting its licence
            not getting its licence
            not get its licence
            not getting a licence
            not get a licence
            never get a licence
            never get its licence
            make it official
            "formality"
            rubber stamp it
            is not opening
            you know how i will vote
            think again
            not be needing
            dead on arrival
            while i am chair of
            while i chair
            never getting built
            not getting built
            never be built
            not be going up
            not going to open
            will not open
            not be opening
            while i sit on
            while i am on the
            while i am still on
            as long as i sit on
            as long as i am on
            not while i
            where i stand
            knows exactly where i stand
            never getting past
            never get past
            not getting past
            will not get past
            getting past us
            get past us
            no point the applicant
            no point turning up
            no point even turning up
            not worth turning up
            voting against it
            i am voting against
        """,
        "context_words": "",
        # The Authority's own announcement quoted, with where to read it.
        "unless_words": """
            press release
            news release
            full statement
            statement in full
            hear your views
            keen to hear
            not sure yet
            not sure how i will vote
            undecided
            have not decided
            not decided yet
            referendum
            after hearing
            after i have heard
            polling station
            polling day
            urge everyone to vote
            asked how i will vote
            asking how i will vote
            ask how i will vote
            heard the evidence
            the inspector
            was thrown out
            were thrown out
            has been thrown out
            funny how
            always gets
            great north run
            for charity
            sponsor me
            sponsored
            fundraiser
            new year's resolution
        """,
    },
    "defamation": {
        # Bribery insinuated ("bought their way", "paid someone off"), and who
        # young people accused of a crime are (the lads from a named school,
        # someone's son); the crimes themselves and the naming and shaming are
        # judged in the detector, by who did what to whom.
        "words": "",
        "pair_words": """
            bought their way
            bought his way
            bought her way
            bought its way
            buying their way
            paid someone off
            paid off
            paying off
            greased palms
            greased a few palms
            grease a few palms
            palms greased
            nice little earner
            fingers in the till
            finger in the till
        """,
        "context_words": """
            lads from
            boys from
            girls from
            kids from
            youths from
            teenagers from
            her son
            their son
            his daughter
            her daughter
            their daughter
        """,
        # Wrongdoing spoken of in general, with no one accused: "Corruption has
        # no place in local government".
        "unless_words": """
            has no place
            have no place
            no place in
            no room for
            zero tolerance
            stamp out
            root out
            crack down on
            clamp down on
            scourge of
            fight against
            tackling fraud
            tackling bribery
            anti-fraud
            fraud training
            scam alert
            loan
            mortgage
            debts
            report to
            report it to
            be on your guard
            be vigilant
            was lied to
            were lied to
            been lied to
            lied to by
            crown court
            magistrates
            was sentenced
            were sentenced
            was jailed
            were jailed
            been jailed
        """,
    },
    "abuse": {
        # Slurs in their dialect, shortened and plural forms.
        "words": """
            lezzers
            lezzer
            lezza
            lezzas
            lezzie
            lezzies
            "lesbo"
            poof
            poofs
            poofter
            poofters
            batty boy
            batty boys
            bum boy
            bum boys
            shirt lifter
            shirt lifters
            trannies
            paki
            pakis
            chinky
            chinkies
            darkie
            darkies
            wog
            wogs
            nig nog
            raghead
            ragheads
            towelhead
            towelheads
            half-caste
            spaz
            spazzy
            spacker
            spakka
            gippo
            gypo
            kike
            kikes
            yids
            polack
            polacks
            bog trotter
            bogtrotter
            dago
            dagos
            not see one english face
            not one english face
            not a single english face
            not see one white face
            not one white face
            not a single white face
            might as well have been abroad
            might as well be abroad
            like being abroad
            like a foreign country
            nobody speaks english
            no one speaks english
            pipe and slippers
            should be at home with
            too old for the job
            too old to chair
            you are a fraud
            you are a crook
            you are a joke
            you are a disgrace
            you fraud
            racist thugs
            fascist thugs
            bunch of thugs
            bunch of racists
            all racists
            are all racist
            leave it to the men
            a man's job
            job for a man
            men's work
            stick to braiding
            stick to cooking
            stick to cleaning
            stick to the ironing
        """,
        # Resentment of a group said as unfairness to "locals": "foreigners
        # jumping the housing queue", "taking our jobs", "our own first".
        "pair_words": """
            jumping the queue
            jump the queue
            jumping the housing queue
            jump the housing queue
            jumped the queue
            queue jumpers
            queue jumping
            queue-jumping
            front of the queue
            taking our jobs
            taking our houses
            taking our homes
            stealing our jobs
            nicking our jobs
            handed everything
            everything handed to them
            handed on a plate
            before local people
            ahead of local people
            over local people
            ahead of locals
            before locals
            while locals
            while local lads
            while local families
            while local people
            before our own
            over our own
            ahead of our own
            get all the
            gets all the
            get everything
            getting everything
            given everything
            look after our own
            our own first
            not from round here
            screeching
            shrieking
            squawking
            moaning
            whinging
            get a job
            get a proper job
            never done a day's work
            done a day's work
            work-shy
            workshy
            managed to walk
            should not be teaching
            should not be working with
            near our kids
            near our children
            around our kids
            around our children
            away from our kids
            away from our children
            make way for
            not the same place
            not the same anymore
            not the same any more
            crime rate
            crime has gone up
            crime went up
            funny that
            faking it
            putting it on
        """,
        "context_words": """
            foreign nationals
            economic migrants
            illegal immigrants
            illegal migrants
            boat people
            small boats
        """,
        "unless_words": "",
    },
}

LISTS = BROADER.LISTS


def add_terms(apps, schema_editor):
    Check = apps.get_model("postcheck", "Check")
    for check in Check.objects.filter(kind__in=ADDITIONS):
        for name in LISTS:
            added = ADDITIONS[check.kind].get(name, "")
            setattr(check, name, BROADER.with_additions(getattr(check, name), added))
        check.save(update_fields=list(LISTS))


def remove_terms(apps, schema_editor):
    Check = apps.get_model("postcheck", "Check")
    for check in Check.objects.filter(kind__in=ADDITIONS):
        for name in LISTS:
            added = ADDITIONS[check.kind].get(name, "")
            setattr(check, name, BROADER.without_additions(getattr(check, name), added))
        check.save(update_fields=list(LISTS))


class Migration(migrations.Migration):
    dependencies = [("postcheck", "0007_postcheck4_seventh_round_lists")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
