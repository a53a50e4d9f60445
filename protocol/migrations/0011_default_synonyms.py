"""Synonym lists a Monitoring Officer would start with: members' everyday words
beside the protocol's own. They are ordinary rows, edited in the admin."""

from django.db import migrations

DEFAULT_SYNONYMS = [
    "alcohol, drink, drunk, booze, tipsy, intoxicated",
    "libel, defamation, defamatory, defame, slander, untrue statement",
    "legal action, sue, sued, lawsuit, court, legal claim, damages",
    "image, photo, photograph, picture, video, selfie",
    "personal data, personal information, personal details, email address, phone number, home address, gdpr, data protection",
    "post, tweet, retweet, publish, share, upload",
    "twitter, x, tweet",
    "social media, social networking, social network",
    "bullying, bully, harassment, harass, intimidation, intimidate, victimise",
    "abuse, abusive, threat, threaten, troll, trolling, hate mail",
    "confidential, secret, exempt, restricted, private papers, leak",
    "copyright, intellectual property, licence, permission",
    "predetermination, bias, predetermined, prejudge, closed mind, made up my mind",
    "phishing, scam, fraud, hacked, hacking, suspicious link, dodgy link",
    "malware, virus, malicious software, ransomware, spyware",
    "employee, staff, officer, council officer, contractor",
    "councillor, member, elected member, co-opted member",
    "privacy, privacy settings, who can see",
    "delete, remove, withdraw, take down",
    "disrepute, reputation, embarrass, embarrassing",
    "offensive, rude, insulting, nasty, disrespectful, obscene",
    "angry, angered, furious, upset, emotional, heat of the moment",
    "equality, discrimination, discriminatory, racist, sexist, homophobic, ageist, transphobic",
    "police, crime, criminal",
    "block, mute, unfollow, unfriend, stop any conversation",
    "friend, friend request, follow, connect",
    "campaign, election, canvassing, electioneering",
    "account, profile, page",
    "meeting, committee, hearing",
    "advice, help, guidance, support",
    "facilities, equipment, laptop, phone, tablet, ipad, computer, device",
    "disclaimer, personal view, personal views, views are my own, personal capacity",
    "children, child, young people, vulnerable, safeguarding",
    "political, party, politics, opposition",
    "criticise, criticism, attack, personal attack",
    "misinterpret, misinterpreted, misrepresent, misunderstood, taken the wrong way, out of context",
]


def add_synonyms(apps, schema_editor):
    Synonym = apps.get_model("protocol", "Synonym")
    if Synonym.objects.exists():
        return
    Synonym.objects.bulk_create(
        Synonym(words=words, note="Shipped with the portal.") for words in DEFAULT_SYNONYMS
    )


def remove_synonyms(apps, schema_editor):
    Synonym = apps.get_model("protocol", "Synonym")
    Synonym.objects.filter(note="Shipped with the portal.", words__in=DEFAULT_SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("protocol", "0010_search")]

    operations = [migrations.RunPython(add_synonyms, remove_synonyms)]
