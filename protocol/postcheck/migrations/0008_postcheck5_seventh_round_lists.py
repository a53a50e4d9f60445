"""Word lists of the seventh round, part two: the wording families behind misses and false alarms in capacity, predetermination, defamation and abuse.

As in 0003, 0005 and 0006, a term is added to a list only if the list lacks it,
and going back removes only this migration's terms.
"""

import importlib

from django.db import migrations

BROADER = importlib.import_module("protocol.postcheck.migrations.0003_postcheck_broader_lists")

ADDITIONS = {
    "capacity": {
        # The Authority made the speaker ("Message from your Combined Authority:
        # vote…"), its policy said as "our policy", its settled stance said as
        # fact ("the Combined Authority will not be backing…", "isn't happening"),
        # and a party's name put in its mouth.
        "words": """
            message from "your" combined authority
            message from "your" authority
            "your" combined authority says
            "your" combined authority wants
            "your" combined authority urges
            "your" combined authority is asking
            "your" combined authority is urging
            from all of us at the combined authority
        """,
        "pair_words": """
            our policy is
            our policy
            our stance
            i can tell you
            will not back
            will back
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
        """,
    },
    "predetermination": {
        # A settled mind tied to the member's seat: "…while I'm sat on the
        # licensing sub-committee", "not while I sit on planning".
        "words": "",
        "pair_words": """
            while i am sat on
            while i sit on
            while i am on the
            while i am still on
            as long as i sit on
            as long as i am on
            not while i
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
        """,
    },
    "defamation": {
        # Crimes pinned on young people who can be identified ("the lads from
        # Brook Lane Secondary smashing the bus shelter… Tyler, Connor and Mason,
        # I know who you are"): the deed, the naming and shaming, the family.
        "words": "",
        "pair_words": """
            smashing up
            smashed up
            smashing the
            smashed the
            smashing windows
            vandalising
            vandalised the
            set fire to
            setting fire to
            setting fires
            broke into
            breaking into
            keyed
            spraying graffiti
            sprayed graffiti
            mugged
            mugging people
            joyriding
            i know who you are
            we know who you are
            know exactly who you are
            name and shame
            naming and shaming
            named and shamed
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
            "lesbos"
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
            look after our own
            our own first
            not from round here
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
