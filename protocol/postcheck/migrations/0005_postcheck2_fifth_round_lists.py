"""Wordings of whole families the checks missed on posts by writers who had not
seen them: generalisations and dehumanising words about groups, staff and service
users described by their job or desk, a settled mind on a pending decision said
in everyday words, confidential matters hinted at, the hour and the drink that
show a post is written in haste; and innocent look-alikes to leave alone
(a conference on criminal justice, a police report of a charge, a brother-in-law,
a charity's mental health walk, a school visit with no pictures of the children).

As in 0003, a term is added to a list only if the list lacks it, and going back
removes only this migration's terms; none of them was in the lists before it.
"""

import importlib

from django.db import migrations

BROADER = importlib.import_module("protocol.postcheck.migrations.0003_postcheck_broader_lists")

ADDITIONS = {
    "personal_data": {
        "words": "",
        "pair_words": """
            "op"
            heart op
            hip op
            knee op
            heart attack
            his carer
            her carer
            their carer
            out of hospital
            in and out of hospital
            copd
            asthma
            premature
            born early
            foster mum
            foster dad
            foster parents
            foster carers
            care system
            care leaver
            blue badge
            disabled badge
            council flat
            council house
            housing register
            band b
            band c
            band d
            off sick
            off with stress
            off with depression
            dialysis
            miscarried
            pregnancy
            housebound
            bed-bound
            bedbound
            her fall
            his fall
            had a fall
            on oxygen
            wife has left
            husband has left
            drinking again
            back on the drink
            relapsed
            wheelchair
            terminal cancer
            terminal illness
            end of life
            palliative
            bereaved
            widowed
        """,
        "context_words": "",
        "unless_words": """
            awareness
            charity
            fundraiser
            fundraising
            sponsored
            support group
            health walk
            not to be ok
            "mind"
            badge holders
            blue badge holders
            blue badge scheme
            blue badge applications
            blue badge bays
        """,
    },
    "confidential": {
        "words": """
            shouldn't be telling you
            should not be telling you
            not supposed to be telling
            shouldn't be saying this
            shouldn't say this
            exempt business
            exempt session
            exempt part
            exempt minutes
            exempt agenda
            commercially sensitive
            commercial in confidence
            market sensitive
            private members' seminar
            private seminar
            private workshop
            members only
            members-only
            closed workshop
            won't name names but
            leaked draft
            leaked report
            leaked email
            draft attached
            got hold of
            before they water it down
            before it is watered down
            before it gets announced
            officially it is
            not allowed to say
            can't go into detail
            cannot go into detail
            don't quote me
            do not quote me
            didn't hear this from me
            keep this between us
            keep it between us
            strictly between us
            on the quiet
            on the qt
            hush-hush
            part 2 discussion
            part 2 debate
            part 2 business
            part two discussion
            part 2 papers
            part 2 minutes
            don't share this
            do not share this
            don't spread this
            keep this to yourself
            keep this to yourselves
            not to be repeated
            don't repeat this
            🤫
            spoiler alert
            ahead of the announcement
        """,
        "pair_words": "",
        "context_words": "",
        "unless_words": "",
    },
    "predetermination": {
        "words": """
            heard all i need to hear
            heard all i need
            made up my mind
        """,
        "pair_words": """
            heard enough
            rejecting it
            i am rejecting
            i will be rejecting
            i am refusing
            i will be refusing
            refusing it
            definite no
            definite yes
            definitely no
            definitely yes
            not happening
            not going to happen
            under any circumstances
            in any circumstances
            voting it down
            vote it down
            voting it through
            vote it through
            had your answer
            had my answer
            not on my watch
            done deal
            foregone conclusion
            dead set against
            never vote for
            will never vote
            not be voting for
            will not be backing
            won't be backing
            i will be backing
            i am backing
            can forget it
            forget it
            no ifs
            will kill the
            over my dead
            won't get through
            will not get through
            i will make sure
            going nowhere
            on my watch
            made my decision
            made a decision
            decided how i will vote
            know how i am voting
            know which way i am voting
            minded to refuse
            minded to approve
            minded to vote
            whatever is said
            non-starter
            non starter
            change my mind
            will be scrapped
            will be blocked
            will be stopped
            i will see to it
            see to that
            i will vote to
            making sure it is refused
            making sure it is approved
        """,
        "context_words": """
            when it comes
            comes before
            comes to committee
            comes to us
            bus gate
            quarry
            retail park
            phone mast
            officers' report
            the vote
            vote on
            planning committee
            licence application
            the plans
            developer
            the developer
            revoke
            the scheme
        """,
        "unless_words": """
            already approved
            was approved
            was refused
            has been approved
            has been refused
        """,
    },
    "defamation": {
        "words": "",
        "pair_words": """
            defraud
            defrauding
            defrauded
            nicking
            nicked
            pilfering
            pilfered
            helping himself
            helping herself
            helping themselves
            on the fiddle
            conning
            conned
            pocketing
            fiddles
            bribes
            lies through
            hand in the till
            hands in the till
            taking money from
            stitch-up
            stitch up
            stitched up
            bought and paid for
        """,
        "context_words": """
            manager
            site manager
            agency
            chair's
            his brother
            her brother
        """,
        "unless_words": """
            criminal justice
            tackling corruption
            anti-corruption
            fraud awareness
            counter fraud
            counter-fraud
            conference
            webinar
            workshop
            police have charged
            has been charged
            have been charged
            charged with
            charged a man
            charged a woman
            court heard
            pleaded guilty
            found guilty
            was convicted
            were convicted
            appeal for information
            pretending to be
        """,
    },
    "abuse": {
        "words": """
            women like her
            women like you
            girls like her
            the likes of her
            the likes of them
            his sort
            her sort
            your sort
            their kind
            your kind
            stick to the kitchen
            stay in the kitchen
            belong in the kitchen
            belongs in the kitchen
            back to the kitchen
            chained to the sink
            leave politics to the
            leave it to the grown-ups
            to the grown-ups
            hasn't got the head for
            old "dinosaurs"
            bunch of "dinosaurs"
            load of "dinosaurs"
            out to pasture
            past their sell-by date
            past his sell-by date
            past her sell-by date
            parasites
            cockroaches
            leeches
            lowlifes
            savages
            degenerates
            buffoon
            dimwits
            nitwit
            pea brain
            pea-brained
            gammon
            snowflakes
            silly cow
            silly old
            batty old
            old bag
            old fool
            doddery
            full of "dinosaurs"
            "dinosaurs" who
            "dinosaur" who belongs
            belongs in a museum
            old biddies
            biddies
            old codgers
            old duffers
            pensioning off
            pensioned off
            are a plague
            is a plague
            is a clown
            what a clown
            such a clown
            absolute clown
            a drain on society
            nasty piece of work
            piece of work
            weasel
            weasels
            snake in the grass
            slimy
            toad
            neanderthal
            neanderthals
            knuckle-dragging
            knuckle-draggers
            knuckle draggers
            hyenas
            pack of hyenas
            pack of wolves
            crawl back under
            under a rock
            silly little woman
            silly little man
            jumped-up
            smug git
            git
            prat
            gutless
            two-faced
            snivelling
            odious
            sleazebag
            creep
            gobby
            little madam
            back in your box
            fat useless
            useless lump
            fat slob
            slob
            disgrace of a human
            excuse for a human
            sorry excuse for a
            poor excuse for a
            waste of a human
        """,
        "pair_words": """
            typical
            plague
            a plague on
            rats
            animals
            savages
            leaving a mess
            mess wherever they go
            wherever they go
            not have them
            rather not have them
            don't want them
            do not want them
            they always
            always the same
            should stay at home
            stay at home
            breed
            thieving
            dirty
            lazy
            freeloaders
            spongers
            should go back
            send them packing
            a drain on
            drain on
            never pay
            pay their way
            take take take
            what do you expect from
            what do you expect
            trashed
            surprise surprise
            left it in a state
            milk the system
            milking the system
            a menace to
            menace
        """,
        "context_words": """
            mosque
            the mosque
            muslim lot
            asian
            black people
            poles
            romanians
            eastern european
            pakistanis
            somalis
            africans
            chinese
            foreign lot
            woman
            girls
            old women
            elderly
            disabled
            the disabled
            the gays
            lgbt
            lgbtq
            travelling community
            traveller
            benefit claimants
            claimants
            council tenants
            the homeless
            homeless people
            single mums
            single mothers
        """,
        "unless_words": """
            who helped
            flood clean-up
            flood defences
            flood victims
            flood risk
        """,
    },
    "staff": {
        "words": "",
        "pair_words": """
            been sitting on
            sitting on this
            sitting on it
            sitting on my
            sitting on our
            sat on it
            sat on this
            sat on my
            not good enough
            cock-up
            cock up
            cocked up
            heads should roll
            heads will roll
            heads must roll
            heads need to roll
            a nightmare
            fed up with him
            fed up with her
            couldn't find his own
            couldn't find her own
            couldn't find their own
            couldn't run a bath
            couldn't manage a
            couldn't plan a
            not up to the job
            not up to it
            past it
            should be ashamed
            pathetic
            appalling
            shoddy
            slapdash
            half-arsed
            botched
            messed up
            screwed up
            dropped the ball
            asleep at the wheel
            a liability
            dragging their feet
            dragging his feet
            dragging her feet
            nicking
            on the fiddle
            a menace
            time-waster
            time waster
            serial complainer
            a pain in the
            nuisance
            can't be trusted
            doesn't have a clue
            no clue
            get a grip
            sort yourself out
            sort it out
            pull your finger out
            pull their finger out
            pull his finger out
            pull her finger out
            backlog shows
            not got a clue
            got no clue
            not the foggiest
            haven't the foggiest
            like dirt
            like rubbish
            like a criminal
            with contempt
            talked down to
            spoke down to
            fobbed off
            fobbing off
            palmed off
            not know what he
            not know what she
            not know what they
            know what he is doing
            has got to go
            needs to be sacked
            should step down
            should be replaced
            needs replacing
            needs to be replaced
            get rid of
            hang their head
            hang his head
            hang her head
            in shame
            needs retraining
            needs a lesson
            bad attitude
            attitude problem
            manners
            waste of taxpayers
            waste of money
        """,
        "context_words": """
            in planning
            in housing
            in benefits
            in licensing
            in finance
            in highways
            in enforcement
            in environmental health
            in building control
            planning enforcement
            benefits team
            waste team
            site manager
            finance director
            call handlers
            call handler
            the chap who
            the bloke who
            the guy who
            the fella who
            the lady who
            the woman who
            the man who
            helpline
            caretaker
            cleaners
            case officer
            duty officer
            the desk
            front desk
            bin crews
            refuse collectors
            the council
            head of planning
            head of housing
            planning department
            from building control
            building control
            from planning
            from housing
            from highways
            from the council
            whoever is in charge
            in charge of
            whoever is responsible
            person responsible
            parks manager
            one stop shop
            lollipop lady
            lollipop man
            crossing patrol
            street cleaner
            bloke who
            the bloke
            chap from
            lad from
            woman from
            man from
            engineer
            surveyor
        """,
        "unless_words": """
            proud
            amazing
            great job
            great work
            cheers
            appreciate
        """,
    },
    "capacity": {
        "words": """
            on behalf of the combined authority i
            our position at the combined authority
        """,
        "pair_words": """
            on behalf of
            our position
            crystal clear
            we do not support
            we will not support
            we don't support
            we will not be supporting
            we oppose
            we are opposed
            we at
            line is
            our line
            officially
        """,
        "context_words": """
            combined authority
            the authority's
        """,
        "unless_words": """
            board agreed
            agreed on
            was agreed
            were agreed
            we agreed
            decided on
            voted on
        """,
    },
    "safeguarding": {
        "words": "",
        "pair_words": """
            twins
            newborn
            babies
            premature
            grandad
            grandpa
            grandma
            nan
            his grandad
            her grandad
            year 4
            year 5
            year 3
            reception class
        """,
        "context_words": """
            pic below
            pics below
            photo below
            see pic
            see photo
            video below
            collecting
        """,
        "unless_words": """
            brother-in-law
            sister-in-law
            in-law
            in-laws
            no pics
            no photos
            no pictures
            no names
            not pictured
            without names
            faces blurred
            backs to the camera
            public are excluded
            public excluded
            press and public
            has spaces
            still has spaces
            places available
            book online
            book now
            and the kids
            her kids
            his kids
            their kids
            kids sharing
            little man
            little woman
            little hitler
            little madam
        """,
    },
    "haste": {
        "words": """
            so wound up
            i am wound up
            still wound up
            wound up about
            can't think straight
            cannot think straight
            glasses of red
            glasses of wine
            glass of red
            glass of wine
            bottle of red
            few beers
            couple of beers
            beers in
            wine in
            few gins
            it is 1am
            it is 2am
            it is 3am
            it is 4am
            middle of the night
            awake at
            still up at
            it is late and
            i am shattered
            i am knackered
            hopping mad
            spitting feathers
            end of my tether
            red mist
            sick to death
            had it up to here
            steaming
            boiling
            incandescent
            can't calm down
            after a few
            at 1am
            at 2am
            at 3am
            at 4am
            couldn't sleep
            could not sleep
            proper wound up
            really wound up
            wound up tonight
            back from the pub
            down the pub
            after the pub
            bottles of
            bottle of prosecco
            prosecco in
            wine o'clock
            gin o'clock
        """,
        "pair_words": "",
        "context_words": "",
        "unless_words": """
            brilliant
            great day
            lovely day
            fantastic
            thank you
            thanks to
            sponsorship
            well done
            celebrate
            celebrating
            toast
        """,
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
    dependencies = [("postcheck", "0004_postcheck_list_help")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
