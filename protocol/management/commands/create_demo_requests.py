"""python manage.py create_demo_requests

A few advice requests, and two canned replies, for the demo's ``comms`` and
``officer`` accounts to work on: urgent, overdue, due today, waiting for the
member, answered and with an unread follow-up. Does nothing when any request
exists, so it never mixes with real ones. Needs the demo accounts
(``create_demo_users``) and the default topics (migrations).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal import roles
from protocol.advice import workflow
from protocol.advice.models import AdviceRequest, CannedReply, RequestStatus, Topic

DEMO_MEMBERS = [
    ("priya", "Priya", "Patel"),
    ("tom", "Tom", "Okafor"),
]

# member, topic, urgency, question, days past due (None: leave the due date), what happens next
DEMO_REQUESTS = [
    (
        "member",
        "Someone is threatening, abusing or harassing me",
        "urgent",
        "Since last night's meeting an account I don't recognise has replied to all my posts "
        "with threats. Should I block it, report it, or keep it for evidence?",
        None,
        "",
    ),
    (
        "priya",
        "Can I say this? (before posting)",
        "normal",
        "I'd like to post a photo of the new cycle lane with a comment on how the consultation "
        "went. Is that all right during the pre-election period?",
        2,
        "",
    ),
    (
        "tom",
        "I've posted something I regret",
        "high",
        "I shared a resident's complaint about a neighbour, with their street name. Should I "
        "delete it?",
        0,
        "assign",
    ),
    (
        "member",
        "Accounts, privacy settings and security",
        "normal",
        "Should my councillor account and my personal account be separate?",
        None,
        "waiting",
    ),
    (
        "priya",
        "Planning, licensing and other decisions",
        "normal",
        "A developer has tagged me in a post about an application that comes to committee next "
        "month. Can I reply?",
        1,
        "",
    ),
    (
        "tom",
        "The Code of Conduct",
        "normal",
        "Does the Code of Conduct apply to what I post in a private group chat?",
        None,
        "follow_up",
    ),
]

CANNED_REPLIES = [
    (
        "Wait until after the meeting",
        "Thank you for checking first. You can share it **after** the meeting, once the "
        "report is public. Until then, please don't post about it.",
        ["Can I say this? (before posting)"],
    ),
    (
        "Keep evidence, then report",
        "Please don't reply to the account. Take screenshots with the date and time, then "
        "report it to the platform and, if you feel threatened, to the police on 101 "
        "(999 in an emergency).",
        ["Someone is threatening, abusing or harassing me"],
    ),
]


class Command(BaseCommand):
    help = "Create demo advice requests for the comms and officer demo accounts."

    @transaction.atomic
    def handle(self, *args, **options):
        if AdviceRequest.objects.exists():
            self.stdout.write("Advice requests already exist; no demo requests added.")
            return
        User = get_user_model()
        try:
            comms = User.objects.get(username="comms")
            officer = User.objects.get(username="officer")
        except User.DoesNotExist:
            raise CommandError("Run 'manage.py create_demo_users' first.") from None
        members_group = Group.objects.get(name=roles.MEMBERS)
        for username, first, last in DEMO_MEMBERS:
            person, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                },
            )
            if created:
                person.set_unusable_password()
                person.save()
            person.groups.add(members_group)
        for title, body, topics in CANNED_REPLIES:
            canned, _ = CannedReply.objects.get_or_create(title=title, defaults={"body": body})
            canned.topics.set(Topic.objects.filter(name__in=topics))
        today = timezone.localdate()
        for username, topic_name, urgency, question, days_past_due, then in DEMO_REQUESTS:
            topic = Topic.objects.filter(name=topic_name).first()
            if topic is None:
                continue
            asker = User.objects.get(username=username)
            advice_request = workflow.submit_request(
                asker, topic=topic, question=question, urgency=urgency
            )
            if days_past_due is not None:
                AdviceRequest.objects.filter(pk=advice_request.pk).update(
                    due_date=today - timedelta(days=days_past_due)
                )
            staff = officer if advice_request.team.name == roles.MONITORING_OFFICER else comms
            if then == "assign":
                workflow.assign(advice_request, staff, staff)
            elif then == "waiting":
                workflow.reply(
                    advice_request,
                    staff,
                    "Which platforms do you use? Reply here and we'll go through the settings.",
                    then_status=RequestStatus.WAITING,
                )
            elif then == "follow_up":
                workflow.reply(
                    advice_request, staff, "Yes: treat anything you post as if it could be shared."
                )
                workflow.add_follow_up(
                    advice_request, asker, "Even if the group is only for friends?"
                )
            self.stdout.write(f"Created demo request {advice_request.reference}.")
