"""Wordings of whole families the checks missed on posts by another writer who
had not seen them: staff, contractors and service users known by their role,
desk or depot rather than their name ("our friends at the depot", "a certain
someone in regeneration", "the agency carers", "whoever signed this off") with
the everyday verdicts on them ("wonder what they do all day", "need a hobby",
"fiddling overtime"); the Authority's position claimed in words of protest
("the Authority deplores…", "stands shoulder to shoulder with…", "says no
to…"); insinuations about groups ("lock up your sheds", "we all know what goes
on"); pocketing and "pure coincidence" allegations; a settled "hard no"; the
tiredness that shows haste; and innocent look-alikes to leave alone (a helpline's
advice, a bus operator, the Co-op, a member's own surgery number, a trading
standards warning, a court's verdict, a policy motion).

As in 0003 and 0005, a term is added to a list only if the list lacks it, and
going back removes only this migration's terms; none of them was in the lists
before it.
"""

import importlib

from django.db import migrations

BROADER = importlib.import_module("protocol.postcheck.migrations.0003_postcheck_broader_lists")

ADDITIONS = {
    "personal_data": {
        "words": "",
        "pair_words": """
            hip went
            since her hip
            since his hip
            ground-floor flat
            ground floor flat
            bungalow list
            on the list for a
            refused a bus pass
            his social worker
            her social worker
            universal credit got stopped
            in arrears
            losing her job
            losing his job
            lost her job
            lost his job
            ivf
            fertility treatment
        """,
        "context_words": "",
        "unless_words": """
            samaritans
            "operator"
            "operators"
            co-op
            my councillor mobile
            my council mobile
            my work mobile
            my mobile
            my councillor email
            my council email
            my surgery
            advice surgery
            health centre
            health hub
            health fair
        """,
    },
    "confidential": {
        "words": "",
        "pair_words": "",
        "context_words": "",
        "unless_words": """
            and the lamp post
            lamppost
            gatepost
            will be published
            to be published
            my surgeries
            advice surgeries
            my advice surgery
            stays between us unless
            on your behalf
            my casework
            crimestoppers
            in confidence to
            report it in confidence
            listed on the agenda
            as the law requires
            with your permission
            your permission
        """,
    },
    "predetermination": {
        "words": """
            hard no from me
        """,
        "pair_words": """
            if i have anything to do with it
            if i have my way
            if i get my way
            not a cat in hell's chance
            snowball's chance
            not a hope in hell
            no from me
            big no
            firm no
            voting that one down
            voting that down
            vote that one down
            vote that down
            losing sleep over voting
            not be losing sleep
            throw it out
            throwing it out
            chuck it out
        """,
        "context_words": """
            late licence
            review of the
            sub-committee
        """,
        "unless_words": """
            policy motion
            group's motion
            our motion
            not a planning
            not a licensing
        """,
    },
    "defamation": {
        "words": """
            pocketed the rest
            pocketed the money
            pocketed the cash
            lined his pockets
            lined her pockets
            lined their pockets
            lining his pockets
            lining their pockets
            trousered
            creamed off
            siphoned off
        """,
        "pair_words": """
            dealing drugs
            drug dealer
            drug dealing
            selling drugs
            dealing out of
            complete coincidence
            pure coincidence
            total coincidence
            just a coincidence
            funny how
            all above board
            completely above board
            nothing to see here
            golf buddies
            kickbacks
        """,
        "context_words": """
            brother-in-law
            sister-in-law
            his mate
            her mate
            her husband
            his wife
            his son
            a firm owned by
            chamber of trade
        """,
        "unless_words": """
            trading standards
            please warn
            are warning
            trial concluded
            concluded at
            my thoughts are with
        """,
    },
    "abuse": {
        "words": """
            absolute weapon
            absolute tool
            utter tool
            utter clown
            you clown
            utter plank
            complete plank
            absolute plank
            what a plank
            what a knob
            absolute knob
            utter melt
            much of a clown
            🤡🤡
            absolute melt
            such a melt
            what a melt
            go back to your day job
            we all know what goes on
            lock up your sheds
            lock up your tools
            lock up your daughters
            hide your valuables
        """,
        "pair_words": """
            on the rob
            all on the rob
            all thieves
            are all the same
            all on benefits
            lock up your
            hide your
            by the back door
            what goes on in
            those places
            know what they are like
            we all know what
            here we go again
            of course the
            count your
            batten down
        """,
        "context_words": """
            community centre that's really
            the travellers
            the gypsies
            those travellers
        """,
        "unless_words": """
            open day
            open evening
            circus
        """,
    },
    "staff": {
        "words": """
            our friends at the depot
            the lot at the depot
            the lads at the depot
            whoever signed this off
            whoever signed it off
            whoever signed that off
            our so-called engineers
        """,
        "pair_words": """
            wouldn't last five minutes
            wouldn't last five minutes in
            doing their jobs for once
            do their jobs for once
            do their job for once
            doing their job for once
            do your job for once
            kick up the backside
            kick up the arse
            can't read a
            needs their head testing
            needs his head testing
            needs her head testing
            want their heads testing
            law unto themselves
            a law unto
            taking the mickey
            taking the mick
            taking the piss
            little hitlers
            little hitler
            head in the sand
            heads in the sand
            couldn't be less interested
            if she tried
            if he tried
            if they tried
            simple as
            never left his desk
            never left her desk
            never left their desk
            never leave their desks
            never set foot
            wouldn't know a
            if it bit them
            bothered to reply
            not bothered to
            hasn't bothered
            haven't bothered
            shameful
            asleep at their desks
            half asleep
            standing around doing nothing
            stood around doing nothing
            sat around doing nothing
            sitting around doing nothing
            apart from drink tea
            drink tea all day
            drinking tea all day
            endless tea breaks
            another tea break
            what they do all day
            vultures
            an absolute shower
            what a shower
            done it again
            long hard look at themselves
            take a long hard look
            can't count
            cannot count
            are robots
            piss-up in a brewery
            piss up in a brewery
            what he does all day
            what she does all day
            do they actually do anything
            do they do anything
            does anyone there do anything
            leaning on shovels
            leaning on their shovels
            need a hobby
            needs a hobby
            get a life
            you know who you are
            shocking attitude
            dismissive
            disgusting state
            pathetic effort
            do you even
            fiddling
            fiddled
            skiving
            on the take
            golf buddies
            bought and paid for
            in the pocket of
            never pays
            never pay
            freeloader
            freeloaders
            scrounger
            scroungers
            no idea what
            not a scooby
            haven't a scooby
            couldn't sort
            could not sort
            couldn't fix
            a waste of
            dishonest
            should be disciplined
            needs disciplining
            shocking service
            absolute joke
            shambolic
            not fit to
        """,
        "context_words": """
            the person who designed
            the people who designed
            bin lorry
            the lads on
            the crew on
            the bin lads
            a certain someone
            whoever signed
            signed this off
            signed it off
            signed off
            depot
            our friends at
            the lot at
            the lads at
            the lot in
            the lot up at
            gritters
            whoever designed
            the people at
            repairs people
            the repairs
            council tax office
            whoever approved
            whoever decided
            whoever thought
            whoever planned
            the highways lot
            the planning lot
            the housing lot
            the parks lot
            the council lot
            gritting crew
            contact centre
            in regeneration
            in transport
            in parks
            in waste
            in legal
            in procurement
            in customer services
            in social care
            in children's services
            in adult social care
            carers
            care workers
            agency staff
            agency workers
            engineers
            consultant
            consultants
            chief exec
            the tenant
            tenants who
            the resident who
            that resident
            this resident
            the family at number
            the family at
            the neighbours at number
            crossing lady
            school crossing
            the man at
            the woman at
            the woman on
            the man on
            the lady on
            the lady at
            the same officer
            your lot
            their lot
            bus drivers
            the driver
            ticket office
            the powers that be
            whoever is
            the people in charge
        """,
        "unless_words": """
            well deserved
            fair play to
            hats off
            credit to
            "fire"
            "fires"
            fire service
            emergency services
        """,
    },
    "capacity": {
        "words": """
            the authority deplores
            the combined authority deplores
            the authority condemns
            the combined authority condemns
            the combined authority says no
            the authority says no
            the combined authority stands
            the authority stands
            the combined authority calls on
            the authority calls on
            i sit on it so same thing
        """,
        "pair_words": """
            is not having it
            no to the
            deplores
            condemns
            calls on
            calls for
            is calling for
            says no to
            stands shoulder to shoulder
            shoulder to shoulder
            stands against
            solidarity
            is demanding
            will not stand for
            will not tolerate
            is firmly against
            is firmly behind
            backs the
            is backing
            is dead in the water
            speaking for
            not going to fund
            won't fund
            will not fund
            never agree to
            will never agree
            off the table
            on its behalf
            the answer is no
            the answer is yes
            our answer
            no more money for
            official
            on record
        """,
        "context_words": """
            mayor's office
            the authority's board
            our authority
        """,
        "unless_words": """
            flag raising
            staff network
            proud to stand with
            official launch
            official opening
            officially opened
            officially open
            officially launched
        """,
    },
    "safeguarding": {
        "words": """
            being groomed
            been groomed
        """,
        "pair_words": """
            year-old girl
            year-old boy
        """,
        "context_words": "",
        "unless_words": "",
    },
    "haste": {
        "words": """
            couple of drinks
            not slept in
            not slept for
            have not slept
            before i calm down
            done being polite
            couple of wines
            so tired i can't
            so tired i cannot
            can't even see straight
            cannot see straight
            can't see straight
            patience 0
            patience zero
            zero patience
            too angry to sleep
            too tired to think
            half one in the morning
            half two in the morning
            two in the morning
            three in the morning
            one in the morning
        """,
        "pair_words": "",
        "context_words": "",
        "unless_words": "",
    },
}

LISTS = BROADER.LISTS
terms = BROADER.terms


def add_terms(apps, schema_editor):
    Check = apps.get_model("postcheck", "Check")
    for check in Check.objects.filter(kind__in=ADDITIONS):
        for name in LISTS:
            added = ADDITIONS[check.kind][name]
            setattr(check, name, BROADER.with_additions(getattr(check, name), added))
        check.save(update_fields=list(LISTS))


def remove_terms(apps, schema_editor):
    Check = apps.get_model("postcheck", "Check")
    for check in Check.objects.filter(kind__in=ADDITIONS):
        for name in LISTS:
            added = ADDITIONS[check.kind][name]
            setattr(check, name, BROADER.without_additions(getattr(check, name), added))
        check.save(update_fields=list(LISTS))


class Migration(migrations.Migration):
    dependencies = [("postcheck", "0005_postcheck2_fifth_round_lists")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
