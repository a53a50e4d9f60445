"""More words and phrases for each check, from how members write on social media:
short posts, indirect wordings ("between ourselves", "will not get my vote",
"over my dead body"), slang insults, and more innocent uses to leave alone.

Each term is added to a list only if the list does not have it already, so the
Monitoring Officer's own changes are kept; going back removes only the terms
this migration added that are still there. The detectors now let small words
come between a phrase's words, so "in confidence" also finds "in strict
confidence" and needs no second entry.
"""

from django.db import migrations

ADDITIONS = {
    "personal_data": {
        "words": """
            his phone number
            her phone number
            his mobile
            her mobile
            her email is
            his email is
            ring her on
            ring him on
            text her on
            text him on
        """,
        "pair_words": """
            diagnosed
            terminally ill
            chemo
            chemotherapy
            in hospital
            stroke
            miscarriage
            overdose
            suicide
            self-harm
            sectioned
            nervous breakdown
            mental breakdown
            autism
            autistic
            adhd
            alcoholic
            arrested
            criminal record
            on probation
            bankrupt
            bankruptcy
            repossessed
            repossession
            arrears
            behind on rent
            behind with the rent
            behind on the rent
            sanctioned
            "uc"
            on benefits
            food bank parcel
            sofa surfing
            sleeping rough
            domestic abuse
            domestic violence
            restraining order
            carer's allowance
        """,
        "context_words": "",
        "unless_words": """
            with consent
            gave permission
            given permission
            happy for me to share
            asked me to share
        """,
    },
    "confidential": {
        "words": """
            in strict confidence
            between ourselves
            just between us
            keep it quiet
            keep this quiet
            keep it under your hat
            keep it to yourselves
            hush hush
            not for circulation
            not to be circulated
            not for sharing
            not to be shared
            private part
            private bit
            closed bit
            closed door
            confidential part
            before it is published
            before it is made public
            before it goes public
            before it is announced
            before the announcement
            got hold of the draft
            got my hands on
            leaked to me
            a little bird
            little birdie
            sources tell me
            reliably informed
            reliably told
            briefed privately
            privately briefed
            hear it from me
            can't say too much
            strictly confidential
            members only briefing
        """,
        "pair_words": "",
        "context_words": "",
        "unless_words": """
            confidential helpline
            confidential hotline
            confidential counselling
            confidential drop-in
            confidential chat
            "leaking"
            damp
            mould
            ceiling
            boiler
            plumber
            repairs
            repair
            radiator
            "leaks"
            strictly come dancing
        """,
    },
    "predetermination": {
        "words": """
            made my mind up
            mind's made up
            not a hope
        """,
        "pair_words": """
            not get my vote
            not getting my vote
            will get my vote
            my vote is no
            my vote is yes
            my vote is against
            "voting" against
            i am voting for
            dead against
            firmly against
            totally against
            fully behind
            no matter what
            whatever happens at
            whatever the committee
            regardless of what
            going to be refused
            going to be rejected
            going to be approved
            will be turned down
            going to be turned down
            lose its licence
            losing its licence
            lose their licence
            losing their licence
            not going ahead
            never get through
            stop it going ahead
            kill it off
            i will fight it
            already made up my mind
        """,
        "context_words": """
            cttee
            panel
            bid
            hmo
            wind farm
            solar farm
            housing estate
            licence review
            premises licence
        """,
        "unless_words": """
            keep an open mind
            hear the evidence
            hear all the
            heard all the
            hear both sides
            hear everyone
            heard everyone
            before i decide
            before deciding
            before i make up my mind
            until i have heard
            which way i will vote
            not on the committee
            not sitting on
            last year
        """,
    },
    "defamation": {
        "words": "",
        "pair_words": """
            backhanders
            ripped off
            ripping off
            rip-off merchants
            did a runner
            con man
            conman
            con men
            con artists
            telling lies
            forged
            forgery
            fiddling the books
            fake invoices
            tax dodger
            tax dodging
            benefit cheat
            brown envelope
            brown envelopes
            jobs for the boys
            jobs for mates
            bought off
            sleaze
            sleazy
            shady
            scamming
            fleeced
            fleecing
            abuser
            predator
            paedo
            crooks
        """,
        "context_words": """
            builder
            agent
            letting agent
            landlords
            councillors
            official
            officials
        """,
        "unless_words": """
            reporting line
            fraud line
            hotline
            helpline
            scam awareness
            action fraud
            fraud prevention
            watch out for
            beware of
            nolan principles
            in public life
            forged ahead
            forged a
        """,
    },
    "abuse": {
        "words": """
            halfwit
            half-wit
            muppet
            muppets
            pillock
            plonker
            tosser
            knobhead
            bellend
            gobshite
            arsehole
            scumbag
            lowlife
            low-life
            nutter
            nutjob
            loony
            psycho
            mong
            window licker
            bimbo
            silly little girl
            hysterical woman
            know your place
            shut your mouth
            shut your face
            a woman's opinion
            back in the kitchen
            waste of oxygen
            thick as mince
            thick as two short planks
            go back to where
            not the sharpest
            🖕
        """,
        "pair_words": """
            swarming
            overrunning
            overrun
            breeding
            shouldn't have children
            should not have children
            not allowed to have children
            vermin
            filth
            don't belong
            do not belong
            get them out
            kick them out
            ship them back
        """,
        "context_words": """
            people like her
            people like him
            people like them
            people like that
            their sort
            that sort
            those people
            these people
            that lot
            asylum
            foreign
            gay people
            trans people
        """,
        "unless_words": """
            like me
            myself
        """,
    },
    "staff": {
        "words": """
            whoever runs the
        """,
        "pair_words": """
            amateurs
            amateurish
            made a hash
            made a mess
            made a pig's ear
            couldn't organise
            could not organise
            couldn't run
            could not run
            shown the door
            should resign
            out of their depth
            out of his depth
            out of her depth
            not fit for purpose
            waste of space
            cowboy
            cowboys
            muppets
            idiots
            morons
            useless lot
            bone idle
            asleep on the job
            can't be bothered
            couldn't care less
            never answer
            never call back
            total joke
        """,
        "context_words": """
            desk
            crews
            bin crew
            binmen
            highways team
            highways officers
            council officers
            the council's
            planning officer
            housing officer
            enforcement
            officials
            clerk
            helpdesk
            customer services
        """,
        "unless_words": """
            brilliant
            wonderful
            fantastic
            grateful
            shout out
            hard work
            hardworking
            hard-working
        """,
    },
    "capacity": {
        "words": """
            speaking for the ca
            on behalf of the ca
            the authority's position
            the combined authority's position
            the authority's view
            the combined authority's view
        """,
        "pair_words": """
            is behind our
            will be fighting
            will fight
            won't be funding
            will not be building
            will never support
            will be scrapping
            has ruled out
            i can confirm
            can assure you
            official view
            has agreed to back
        """,
        "context_words": """
            the ca
        """,
        "unless_words": """
            has confirmed funding
            announced today
            press release
            my view
            party's view
            i personally
        """,
    },
    "safeguarding": {
        "words": """
            names in comments
            names below
            tag the parents
            foster placement
            in foster care
            children in care
        """,
        "pair_words": """
            lass
            grandchildren
            kiddies
            young lad
            young girl
            youngster
            youngsters
            year 6
            year six
            teenage girl
            teenage boy
            foster family
            care leaver
        """,
        "context_words": """
            pics
            photos
            pictures
            pictured
            left to right
            front row
            back row
            her nan
            his nan
            her gran
            his gran
            lives with
            living with
        """,
        "unless_words": """
            parents' permission
            parents permission
            with permission
            with consent
        """,
    },
    "haste": {
        "words": """
            "raging"
            so angry
            really angry
            i am angry
            i am livid
            could scream
            so cross
            beyond angry
            pints in
            few pints
            couple of pints
            couple of glasses
            one too many
            bottle of wine
            had a few
            few drinks
            had a drink
            🤬
            😡
            up all night
        """,
        "pair_words": "",
        "context_words": "",
        "unless_words": """
            residents are angry
            people are angry
            understandably angry
        """,
    },
}

LISTS = ("words", "pair_words", "context_words", "unless_words")


def terms(text):
    return [" ".join(line.lower().split()) for line in text.strip().splitlines() if line.strip()]


def with_additions(current, added):
    """``current`` (one term a line) with the ``added`` terms it does not have."""
    have = [t for t in current.splitlines() if t.strip()]
    return "\n".join(have + [t for t in terms(added) if t not in have])


def without_additions(current, added):
    drop = set(terms(added))
    return "\n".join(t for t in current.splitlines() if t.strip() and t not in drop)


def add_terms(apps, schema_editor):
    Check = apps.get_model("postcheck", "Check")
    for check in Check.objects.filter(kind__in=ADDITIONS):
        for name in LISTS:
            setattr(check, name, with_additions(getattr(check, name), ADDITIONS[check.kind][name]))
        check.save(update_fields=list(LISTS))


def remove_terms(apps, schema_editor):
    Check = apps.get_model("postcheck", "Check")
    for check in Check.objects.filter(kind__in=ADDITIONS):
        for name in LISTS:
            setattr(
                check, name, without_additions(getattr(check, name), ADDITIONS[check.kind][name])
            )
        check.save(update_fields=list(LISTS))


class Migration(migrations.Migration):
    dependencies = [("postcheck", "0002_postcheck_defaults")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
