"""Word lists of the seventh round, part one: the wording families behind false alarms and misses in confidential, safeguarding, personal data, staff and haste.

As in 0003, 0005 and 0006, a term is added to a list only if the list lacks it,
and going back removes only this migration's terms.
"""

import importlib

from django.db import migrations

BROADER = importlib.import_module("protocol.postcheck.migrations.0003_postcheck_broader_lists")

ADDITIONS = {
    "confidential": {
        # A protective marking named to be brushed aside; a copy slipped to the
        # member; what "they" do not want seen; what the member may not talk about.
        "words": """
            marked restricted
            marked as restricted
            stamped restricted
            labelled restricted
            marked private
            marked as private
            marked sensitive
            marked as sensitive
            marked secret
            marked not for
            "official" sensitive
            restricted briefing
            restricted document
            restricted report
            restricted circulation
            restricted distribution
            slipped me the draft
            slipped me a copy
            slipped me the report
            slipped me the papers
            passed me a copy
            passed me the draft
            sent me a copy
            someone sent me
            got sent the draft
            between us lot
            🤐
            not want you to see
            not want you to know
            not want you to read
            not allowed to talk
            not allowed to discuss
            not supposed to talk
            not meant to talk
            sitting on it till
            sitting on it until
            sat on it till
            sat on it until
            internal memo
            internal email
            internal briefing
            internal document
            internal papers
            my source
            can't name my source
            won't name my source
            my sources
            a source close to
            entre nous
            closed briefing
            not get that from me
            not get this from me
            not meant to have
            not supposed to have
            not say where i heard
            not say who told me
            not say how i know
            given sight of
            had sight of
            private item
            private agenda item
            not go into it but
            left on the printer
            keep it under wraps
            keep this under wraps
            under wraps but
            heard it from me
            webcast is switched off
            webcast was switched off
            once the cameras were off
            once the cameras went off
            cameras were switched off
            when the cameras went off
            public were not allowed
            public were not allowed in
            after the public left we
            once the public left we
            keeping from you
            kept from you
            hiding from you
        """,
        # Papers not out yet: told about when "but" goes on to say what is in
        # them, or the third list says they are shared early.
        "pair_words": """
            not go out till
            not go out until
            not out till
            not out until
            not out yet
            not published till
            not published until
            not released till
            not released until
            not public till
            not public until
            not announced till
            not announced until
            not due out
            not come out till
            not come out until
            not go live till
            not go live until
            not been put out
            not put out yet
            not been released
            not been announced
            not been published
        """,
        "context_words": """
            sneak peek
            👀
            sharing because
            sharing it early
            sharing this early
            first look
            exclusive
            brace yourselves
            spoiler
            heads up
            seen the draft
            seen a copy
            seen the papers
            read the draft
        """,
        # Procedure for a closed item, a pipe's leak, a whistleblowing channel.
        "unless_words": """
            will be taken after
            taken after the public
            after the public session
            will be taken in private
            will be heard in private
            heard in public
            as the law allows
            as the law permits
            leak sorted
            leak fixed
            leak repaired
            fixed the leak
            sorted the leak
            repaired the leak
            burst
            sewage
            whistleblowing line
            whistleblowing hotline
            whistleblowing policy
            on the agenda
            the rest is public
            everything else is in public
            everything else is public
            open government
            vote to keep
            push to keep
            is available
            can be viewed
            available to view
            as is normal
            as is usual
            a staffing matter
        """,
    },
    "safeguarding": {
        "words": "",
        # Vulnerable adults, where they live or are looked after.
        "pair_words": """
            sheltered housing
            sheltered accommodation
            supported living
            supported housing
            day centre
            alzheimer's
            learning disability
            learning disabilities
            nursing home
            residential home
            young carer
        """,
        # A refuge's or a day centre's people picked out by when they came.
        "context_words": """
            women's refuge
            the refuge
            a refuge
            safe house
            who arrived
            who arrives
            who uses
            who stays
            who moved in
            who ran away
            ran away from
            went missing from
            found safe
        """,
        # Fostering recruitment is about the service, not a child.
        "unless_words": """
            "fostering"
            info evening
            information evening
            poor lad
            poor lass
        """,
    },
    "personal_data": {
        "words": "",
        "pair_words": """
            transfer to a
            housing transfer
            3-bed
            damp flat
            overcrowded
            overcrowding
            mum with ms
            dad with ms
            has ms
            multiple sclerosis
            parkinson's
            motor neurone
            young carer
            looks after her mum
            looks after his mum
            looks after her dad
            looks after his dad
            cares for her
            cares for his
            stabbed
            murdered
            been through so much
            lost his wife
            lost her husband
            lost her son
            lost his son
            lost her daughter
            lost his daughter
            husband left
            wife left
        """,
        # A person known by where they live or by "you all know her".
        "context_words": """
            my neighbour
            our neighbour
            next door
            the lady at
            the man at
            the woman at
            the couple at
            the family at
            you all know her
            you all know him
            door at the
            the house with
            the old boy
            the old lady
            the old man
            the elderly lady
            the elderly man
            the gentleman at
            you know who i mean
        """,
        # A service open to anyone.
        "unless_words": """
            drop-in
            for anyone
            anyone worried
            anyone struggling
            will talk about
            will speak about
            will be talking about
            a talk on
            a talk about
            no names taken
            "fostering"
            info evening
            information evening
        """,
    },
    "staff": {
        "words": "",
        # Shame, not-bothered and eye-rolling verdicts; a service user's conduct.
        "pair_words": """
            should be embarrassed
            ought to be embarrassed
            ought to be ashamed
            embarrassing work
            embarrassing effort
            an embarrassment
            couldn't be bothered
            could not be bothered
            can't even be bothered
            cut-and-paste job
            copy and paste job
            stuck-up
            with the attitude
            not set foot
            politically motivated
            do well to remember
            remember who she works for
            remember who he works for
            remember who they work for
            roll her eyes
            roll his eyes
            roll their eyes
            rolled her eyes
            rolled his eyes
            knows exactly who
            knows who she is
            knows who he is
            kicking off
            not care
            not seem to care
            not seem to know
            typical of them
            typical of that
            still nothing
            more interested in his phone
            more interested in her phone
            glued to his phone
            glued to her phone
            does all day
            do all day
            needs some training
            needs training
            needs to go
            was swearing
            were swearing
            kept swearing
            should be barred
            be banned
            disappointed
            kipping
        """,
        # A worker known by the job they do ("the lad who does street cleansing",
        # "whoever wrote the report")
        # or where they answer ("Kelly on the phones").
        "context_words": """
            who does the
            who does street
            who works
            who runs the
            who empties
            who drives the
            who cleans
            who sweeps
            who answers
            supervisor
            foreman
            team leader
            who wrote the
            whoever wrote
            on the phones
            on the phone
            on reception
            repairs line
            phone line
            the phones
        """,
        "unless_words": "",
    },
    "haste": {
        # Drink, no sleep and rage, as members put it.
        "words": """
            bit merry
            little merry
            slightly merry
            feeling merry
            quite merry
            not slept since
            no sleep
            without sleep
            several pints
            post-match pints
            with rage
            shaking with anger
            shaking with fury
            eyes are going
            before i crash
            zero sleep
            running on empty
            barely slept
            hardly slept
            still wired
            at midnight
            blood is up
            awake since
            been awake
            two hours sleep
            three hours sleep
            four hours sleep
            five hours sleep
            hours of sleep in days
            sorry in advance for what
            sorry in advance for this
            opened the prosecco
            opened a bottle
            opened the wine
            opened the red
            been up since
            at it since
            skinful
        """,
        "pair_words": "",
        # What a late hour in a sentence may belong to instead of the member.
        "context_words": """
            licence
            license
            licensing
            licensed
            open till
            open until
            opening hours
            closing time
            late-night
            noise
            music
            deliveries
            lorries
            flights
        """,
        # Tired from a good cause or a new baby; a heat that is the weather's or
        # the boiler's.
        "unless_words": """
            sponsored
            fundraiser
            fundraising
            for charity
            worth every
            boiling hot
            heating
            heatwave
            temperature
            new baby
            loving every
        """,
    },
}

LISTS = BROADER.LISTS
terms = BROADER.terms


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
    dependencies = [("postcheck", "0006_postcheck3_sixth_round_lists")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
