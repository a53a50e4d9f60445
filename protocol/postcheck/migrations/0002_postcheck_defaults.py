"""The checks as the portal starts: one per kind, with word lists, an explanation
in plain words and the rules each cites (by anchor, in the Social Media Protocol
for Members and in the portal's sample). The Monitoring Officer changes all of
it in the admin; a citation whose rule is not in a current version is left out."""

from django.db import migrations


def lines(text):
    return "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())


DEFAULTS = {
    "personal_data": {
        "explanation": (
            "This may publish someone's personal data: contact details, an address, an "
            "identifying number, or a private detail (health, benefits, housing, family) "
            "about a person who can be identified. Only publish it with their express "
            "permission."
        ),
        "words": """
            his address is
            her address is
            their address is
            lives at
            his number is
            her number is
            date of birth
        """,
        "pair_words": """
            health
            illness
            dementia
            cancer
            diagnosis
            mental health
            depression
            disabled
            disability
            pregnant
            benefits
            universal credit
            pip
            evicted
            eviction
            homeless
            housing list
            housing benefit
            waiting list
            rehoused
            rent arrears
            debt
            divorce
            separated
            his wife
            her husband
            his son
            her son
            his daughter
            her daughter
            prison
            rehab
            addiction
            operation
            social services
            tenant
        """,
        "context_words": "",
        "unless_words": """
            with permission
            with their permission
            with his permission
            with her permission
            consent
        """,
        "citations": [
            "term-data-protection",
            "dont-publish-confidential-information-that-you-may",
            "dont-share-photographs-of-residents-without-their",
        ],
    },
    "confidential": {
        "explanation": (
            "This may disclose confidential information: something said in a closed or "
            "private meeting, an exempt report, or anything you were told in confidence or "
            "learned as a member that is not yet public."
        ),
        "words": """
            confidential
            in confidence
            exempt item
            exempt report
            exempt information
            part 2 session
            part 2 item
            part 2 report
            part 2 meeting
            part two session
            part two item
            part ii
            in part 2
            closed session
            closed meeting
            private session
            behind closed doors
            leaked
            leak
            not yet public
            not public yet
            not been made public
            under embargo
            embargoed
            off the record
            heard it here first
            not supposed to say
            not supposed to tell
            can't say much
            private briefing
            closed part
            not meant to share
            not supposed to share
            can't share the details
            cannot share the details
            exempt appendix
            exempt papers
            restricted papers
            said in confidence
            between you and me
            inside information
            you didn't hear it from me
            don't tell anyone
            told privately
            i've been told privately
            not for publication
        """,
        "pair_words": "",
        "context_words": "",
        "unless_words": """
            helpline
            confidential service
            confidential support
            confidential advice
            confidential line
            confidential "reporting"
            confidential waste
            confidential shredding
            pipe
            water
            roof
            gas
            tap
        """,
        "citations": [
            "principle-do-not-disclose-confidential-information",
            "dont-publish-confidential-information-that-you-may",
            "principle-keep-confidences",
        ],
    },
    "predetermination": {
        "explanation": (
            "This may suggest you have made up your mind on a decision that is still to "
            "be taken (a planning or licensing application, a committee decision). If you "
            "take part in that decision, it could be challenged as invalid. Say you will "
            "listen to all the evidence first."
        ),
        "words": """
            my mind is made up
            mind is made up
            already made up my mind
            over my dead body
        """,
        "pair_words": """
            will vote against
            will be voting against
            will vote for
            will be voting for
            will vote to refuse
            will vote to approve
            will oppose
            will support
            will never support
            never support
            never approve
            will never be approved
            will not be approved
            will be approved
            will be refused
            will be rejected
            will be thrown out
            thrown out
            no way
            already decided
            decided to refuse
            decided to approve
            a no from me
            a yes from me
            make sure of it
            whatever the officers
            whatever anyone says
            whatever the report says
            guarantee
            no question
            voting no
            voting yes
            vote no
            vote yes
            won't be supporting
            won't support
            will be supporting
            will be opposing
            i am against
            i am for
            dead in the water
            will kill it
            will block
            decision is final
            mark my words
            i promise
            rest assured
            full stop
            end of story
            not a chance
            no chance
            never going to happen
            will go ahead
            will be granted
            i will be voting
            i will not support
            will not support
        """,
        "context_words": """
            application
            planning
            licence
            license
            licensing
            committee
            hearing
            permission
            appeal
            decision
            plans
            scheme
            proposal
            development
            extension
        """,
        "unless_words": """
            open mind
            all the evidence
            listen to
        """,
        "citations": ["term-bias-and-predetermination"],
    },
    "defamation": {
        "explanation": (
            "This may be defamatory: it accuses a person or organisation who can be "
            "identified of wrongdoing. If it is untrue and damages their reputation, they "
            "may take legal action against you."
        ),
        "words": "",
        "pair_words": """
            corrupt
            corruption
            fraud
            fraudster
            fraudulent
            liar
            "lied"
            "lying"
            told lies
            bribe
            bribery
            backhander
            kickback
            stole
            stolen
            steal
            stealing
            thief
            thieves
            criminal
            crook
            crooked
            embezzle
            fiddled
            rigged
            cheat
            cheated
            money laundering
            on the take
            in the pocket of
            dodgy dealings
            should be in prison
            lining his pockets
            lining her pockets
            lining their pockets
            lining his own pockets
            scammer
            scammers
            falsify
            falsified
            cooked the books
            fiddling
            dodgy
            bent
            taking bribes
            pocketed
            embezzled
            swindle
            swindler
            con artist
            covered up
            cover-up
            perjury
            extortion
            blackmail
            blackmailed
        """,
        "context_words": """
            chair
            chairman
            mayor
            leader
            chief executive
            councillor
            director
            developer
            landlord
            contractor
            company
            firm
            owner
            mp
            council leader
            builders
            boss
            chairwoman
            chairperson
            trustee
            trustees
        """,
        "unless_words": """
            awareness
            scam calls
            report fraud
            criminal waste
            criminal record check
        """,
        "citations": ["term-libel", "term-defamation"],
    },
    "abuse": {
        "explanation": (
            "This may be insulting, offensive or discriminatory. Treat others with respect: "
            "disagree with ideas, not people, and never publish anything that could be "
            "seen as racist, sexist, ageist, homophobic or anti-faith."
        ),
        "words": """
            idiot
            moron
            imbecile
            cretin
            brain-dead
            brain dead
            scum
            vermin
            worm
            pathetic little
            retard
            spastic
            nonce
            scrounger
            sponging
            sponger
            parasite
            shut up
            typical woman
            stick to making the tea
            go back to your own country
            go back where
            bloody foreigners
            illegals
            pikey
            gyppo
            tranny
            despise
            stupid
            ugly
            old cow
            cow
            coward
            spineless
            waste of space
            brainless
            get lost
            thick as
            dimwit
            numpty
            loser
            pig
            bitch
            slag
            wanker
            twat
            prick
            dickhead
            vile
            subhuman
            troll
            sent home
            send them home
            send them back
            go home
        """,
        "pair_words": """
            disgusting
            unnatural
            sponging
            scrounging
            invading
            flooding
            swarm
            should not be allowed
            shouldn't be allowed
            can't be trusted
            ruining
            ruin
            burden
            not welcome
            taking over
            infest
            breed like
            scroungers
            leeches
        """,
        "context_words": """
            gay
            gays
            lesbian
            trans
            transgender
            muslim
            muslims
            jew
            jews
            jewish
            immigrant
            immigrants
            migrants
            asylum seekers
            refugees
            foreigners
            travellers
            gypsies
            disabled people
            pensioners
            wheelchair users
            disabled people
            blacks
            asians
            women
            old people
            christians
            hindus
            sikhs
            polish
            eastern europeans
            roma
            gypsy
        """,
        "unless_words": "",
        "citations": [
            "principle-treat-others-with-respect",
            "principle-comply-with-equality-laws",
            "dont-use-social-media-in-any-way",
            "principle-be-courteous",
        ],
    },
    "staff": {
        "explanation": (
            "This may criticise council staff, contractors or service users who can be "
            "identified. Don't use social media to attack or make negative comments about "
            "them: raise concerns about staff through the proper channels."
        ),
        "words": "",
        "pair_words": """
            incompetent
            incompetence
            useless
            lazy
            rude
            hopeless
            clueless
            no idea
            failing
            failed
            shambles
            should be sacked
            sacked
            a joke
            wasting our money
            clowns
            rubbish
            can't do
            so-called
            not fit
            disgrace
            haven't a clue
            hasn't a clue
            don't have a clue
            not a clue
            should be fired
            fired
            unhelpful
            so-and-so
            jobsworth
            jobsworths
            pen pushers
            overpaid
            inept
            negligent
            bungling
            lost this case
            to blame
        """,
        "context_words": """
            officer
            officers
            staff
            team
            chief executive
            director
            head of
            contractor
            crew
            social worker
            social workers
            caseworker
            receptionist
            employee
            housing office
            council workers
            service users
            department
            call centre
            binman
            bin men
            council staff
            legal team
            reception
            whoever runs
            manager
            managers
            workers
            planners
            wardens
            traffic wardens
            inspector
        """,
        "unless_words": """
            thank
            thanks
            well done
            congratulations
            award
            praise
        """,
        "citations": ["dont-use-social-media-in-any-way", "principle-be-courteous"],
    },
    "capacity": {
        "explanation": (
            "This may present a personal or party view as the Authority's position. Make it "
            "clear when a view is your own or your party's, not the Combined Authority's."
        ),
        "words": """
            on behalf of the authority
            on behalf of the combined authority
            speaking for the authority
            speaking for the combined authority
            as the authority we
            as the combined authority we
            the authority's official position
            official position of the authority
        """,
        "pair_words": """
            position is
            view is
            believes
            has decided to back
            decided to back
            fully supports
            supports our party
            backs our
            is against
            opposes
            rejects
            will not be funding
            will never fund
            stands firmly with
            stands with our party
            will oppose
            view that
            can confirm the
            official line
            has no intention
            will not support
            agrees with our party
            our party and the authority
        """,
        "context_words": """
            the authority
            the combined authority
        """,
        "unless_words": """
            personal view
            my own view
            consultation
        """,
        "citations": [
            "dont-represent-your-personal-views-or-those",
            "do-say-clearly-when-a-view-is",
        ],
    },
    "safeguarding": {
        "explanation": (
            "This may identify a child or a vulnerable person (a name, a school, a care "
            "setting, a photo). Images or details can lead to their exploitation: leave "
            "them out unless you have their, or their parent's or carer's, consent."
        ),
        "words": """
            names in the comments
            children's home
            foster home
            looked after child
        """,
        "pair_words": """
            kids
            children
            child
            pupils
            pupil
            girl
            boy
            lad
            teenager
            toddler
            baby
            foster
            care home
            vulnerable
            young people
            school
            little
            youth club
            teenage
            brother
            sister
            nephew
            niece
            grandson
            granddaughter
            excluded
            foster carer
            in care
        """,
        "context_words": """
            photo
            picture
            pic
            video
            estate
            her mum
            his mum
            her dad
            his dad
        """,
        "unless_words": """
            permission
            consent
            children's services
        """,
        "citations": [
            "risk-breach-of-safeguarding-through-the-use",
            "dont-share-photographs-of-residents-without-their",
        ],
    },
    "haste": {
        "explanation": (
            "You said you are angry, tired or have had a drink. The protocol says not to "
            "post in haste when your judgement may be impaired: save it as a draft and "
            "read it again later."
        ),
        "words": """
            fuming
            furious
            livid
            drunk
            pissed
            pints down
            can't sleep
            seething
            blood is boiling
            few too many
            tipsy
            "wasted"
            hammered
            exhausted
            knackered
        """,
        "pair_words": "",
        "context_words": "",
        "unless_words": "",
        "citations": [
            "dont-post-social-media-content-in-haste",
            "dont-post-while-angry-or-after-drinking",
        ],
    },
}


def add_defaults(apps, schema_editor):
    Check = apps.get_model("postcheck", "Check")
    Citation = apps.get_model("postcheck", "Citation")
    for kind, values in DEFAULTS.items():
        check, created = Check.objects.get_or_create(
            kind=kind,
            defaults={
                "explanation": values["explanation"],
                **{
                    name: lines(values[name])
                    for name in ("words", "pair_words", "context_words", "unless_words")
                },
            },
        )
        if created:
            for order, anchor in enumerate(values["citations"], start=1):
                Citation.objects.create(post_check=check, anchor=anchor, order=order * 10)


class Migration(migrations.Migration):
    dependencies = [("postcheck", "0001_postcheck")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
