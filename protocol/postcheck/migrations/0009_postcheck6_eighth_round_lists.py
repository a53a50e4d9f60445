"""Word lists of the eighth round: the words a shape needs that a rule cannot
guess (a British insult, a coy hint at what is not yet public, what a child or
a frail resident is known by), for the wording families behind misses and
false alarms across the kinds.

As in 0003 and the later rounds, a term is added to a list only if the list
lacks it, and going back removes only this migration's terms.
"""

import importlib

from django.db import migrations

BROADER = importlib.import_module("protocol.postcheck.migrations.0003_postcheck_broader_lists")

ADDITIONS = {
    "abuse": {
        # British insults of a person, and wishes that someone be hurt that the
        # detector's shapes do not already say.
        "words": """
            scrote
            scrotes
            toerag
            toerags
            waste of skin
            oxygen thief
            working brain
            not got a brain cell
        """,
        # A group's ways forced on the writer: "sick of it being rammed down
        # our throats"; a group said to steal.
        "pair_words": """
            helping themselves
            robbing
            nicking everything
            rammed down our throats
            shoved down our throats
            forced down our throats
            down our throats
            down our kids' throats
        """,
        # Groups named by what they use or live on.
        "context_words": """
            drag queen
            drag queens
            people in wheelchairs
            people on benefits
            people with disabilities
            people of colour
            foreign people
        """,
        "unless_words": "",
    },
    "capacity": {
        # The body's stance as a member states it: "WYCA has no confidence in",
        # "Bradford Council does not support", "is endorsing".
        "pair_words": """
            has no confidence
            have no confidence
            does not support
            is not supporting
            is endorsing
            has endorsed
            endorses
            on behalf of all members
        """,
    },
    "confidential": {
        # A coy hint that the writer knows more than is public.
        "words": """
            without breaking any rules
            without breaking the rules
            without giving too much away
            without saying too much
            than anyone is letting on
            than they are letting on
            than we are letting on
            than anyone lets on
            someone who would know
            someone who should know
            cleared the press
            cleared the public
        """,
    },
    "defamation": {
        # Crimes and favours said in everyday words: dodging tax, a job got
        # "through the back door", someone who "should be locked up".
        "pair_words": """
            pervert
            perv
            should be locked up
            ought to be locked up
            dodging tax
            dodged tax
            dodges tax
            dodging the tax
            job through the back door
            in through the back door
            contract through the back door
            house through the back door
            licence through the back door
            permission through the back door
            got the job because
        """,
        # Who can be identified as standing for election, or by what they run.
        "context_words": """
            candidate
            standing for
            stood for
            running for
            who runs
            who runs the
            the owner of
        """,
        # Idioms that hold an allegation's word without its meaning.
        "unless_words": """
            stole the show
            steal the show
            stealing the show
            steals the show
            stolen the show
        """,
    },
    "haste": {
        # Just in from the pub, no proper sleep, anger past words.
        "words": """
            in from the pub
            home from the pub
            in from the club
            not slept properly
            not sleeping properly
            angry does not cover it
            furious does not cover it
            angry is not the word
            eyes hanging out
            forgive me if this comes out wrong
            if this comes out wrong
            excuse the tone
            hrs on shift
            hours on shift
            hour shift
        """,
    },
    "personal_data": {
        # What is known of a resident that marks them out.
        "pair_words": """
            sleeping in his car
            sleeping in her car
            living in his car
            living in her car
            no family
            into hospital
            to hospital
            admitted to hospital
            gone missing
            went missing
            learning disability
            learning disabilities
        """,
        # Someone known round here without a name.
        "context_words": """
            the old fella
            the old chap
            the old dear
            the old gent
        """,
    },
    "predetermination": {
        "pair_words": """
            not be getting my support
            not getting my support
            not get my support
            not have my support
            consider it done
            we are refusing
            we are rejecting
            we will refuse
            we will reject
            need not bother
            not bother turning up
            not bother coming
            save yourself the trip
        """,
        "context_words": """
            "recommendation"
            "recommending"
            "approval"
            "refusal"
            objection
            objections
            applicant
            licensing panel
        """,
    },
    "staff": {
        # Staff said to be bought or to ignore residents.
        "pair_words": """
            ignoring residents
            ignored residents
            ignoring us
            ignoring my emails
            ignored my emails
            do they even live here
            paid off
            been bribed
            straight answer
        """,
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
    dependencies = [("postcheck", "0008_postcheck5_seventh_round_lists")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
