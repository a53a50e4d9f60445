"""Advice requests to the Monitoring Officer, and what the Monitoring Officer maintains.

Invariants (held by the database, not only by code):

* a reference such as ``MO-2026-0042`` is unique; numbers come from a per-year
  counter row locked in the transaction that saves the request;
* status and urgency are one of their choices; text fields have a maximum length;
* a topic has at most one routing rule; a bank holiday is listed once.

Writing goes through ``protocol.advice.workflow`` (one atomic function per
action, e-mails enqueued after commit); nothing here sends mail.
"""

import uuid
from pathlib import Path, PurePath

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

QUESTION_MAX_LENGTH = 5000
MESSAGE_MAX_LENGTH = 5000
POST_URL_MAX_LENGTH = 500


class Urgency(models.TextChoices):
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"

    @classmethod
    def rank(cls, value):
        return [cls.NORMAL, cls.HIGH, cls.URGENT].index(value)

    @classmethod
    def highest(cls, *values):
        return max(values, key=cls.rank)


class FastPath(models.TextChoices):
    NONE = "", "None"
    ABUSE = "abuse", "Threats, abuse or harassment: show the reporting advice, mark urgent"
    REGRET = "regret", "Posted something I regret: show the checklist, at least high priority"


class TopicQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_purpose(self, purpose):
        """The active topic the portal uses for ``purpose`` (a ``Topic.Purpose``), or
        None: found by its purpose, so renaming the topic changes nothing."""
        return self.active().filter(purpose=purpose).first()

    def fast_paths(self):
        return self.exclude(fast_path=FastPath.NONE)


class Topic(models.Model):
    """What a question is about; the list members choose from."""

    class Purpose(models.TextChoices):
        POST_CHECK = "post_check", "Asking about a post from Check my post"

    name = models.CharField(max_length=100, unique=True)
    purpose = models.CharField(
        max_length=20,
        choices=Purpose,
        blank=True,
        default="",
        help_text=(
            "Where the portal chooses this topic for the member: “Asking about a post "
            "from Check my post” is the topic “Ask the Monitoring Officer about this post” "
            "opens the ask form with. One topic per purpose; the name can change freely."
        ),
    )
    fast_path = models.CharField(
        max_length=10,
        choices=FastPath,
        blank=True,
        default=FastPath.NONE,
        help_text="Show guidance at once and raise the urgency for topics like these.",
    )
    guidance_checklist = models.TextField(
        blank=True,
        help_text=(
            "For fast paths: the checklist members see at once, one item per line, as "
            '"phrase | text". The portal quotes the rule or sentence of the current '
            "protocol that says what the item means (it contains the phrase's words or "
            "their synonyms, and the ideas of the text; a don't is only quoted from a "
            "don't), with a link to it; when the protocol says nothing like it, the text "
            "after the bar (Markdown) is shown instead."
        ),
    )
    document = models.ForeignKey(
        "protocol.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "For fast paths: the document whose current version the checklist quotes. "
            "Empty: the most recently published document that is not the portal's sample."
        ),
    )
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    is_active = models.BooleanField(
        default=True, help_text="Untick to stop offering the topic; its requests are kept."
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fast_path__in=FastPath.values), name="topic_fast_path_valid"
            ),
            models.UniqueConstraint(
                fields=["purpose"], condition=~Q(purpose=""), name="topic_purpose_unique"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def minimum_urgency(self):
        """A fast path raises the urgency a member chose, never lowers it."""
        return {
            FastPath.ABUSE: Urgency.URGENT,
            FastPath.REGRET: Urgency.HIGH,
        }.get(self.fast_path, Urgency.NORMAL)

    def urgency_for(self, chosen):
        return Urgency.highest(chosen, self.minimum_urgency)

    @property
    def may_be_answered_by_guidance(self):
        """Whether a member may end here with "this answers my question".

        Never for threats and abuse: such a report must reach the Monitoring
        Officer, so it is never discarded as answered by guidance.
        """
        return self.fast_path != FastPath.ABUSE

    @property
    def checklist(self):
        """[(phrase, fallback text)] from ``guidance_checklist``; either may be empty."""
        items = []
        for line in self.guidance_checklist.splitlines():
            phrase, _, fallback = line.partition("|")
            if phrase.strip() or fallback.strip():
                items.append((phrase.strip(), fallback.strip()))
        return items


class RoutingRule(models.Model):
    """Which team a topic's requests go to, and optionally the person who takes them."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="routing_rule")
    team = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Everyone in this group is e-mailed when a request arrives.",
    )
    default_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the person who takes these requests unless someone reassigns them.",
    )

    class Meta:
        ordering = ["topic__order", "topic__name"]

    def __str__(self):
        return f"{self.topic} → {self.team}"


class BankHoliday(models.Model):
    """A local closure day: a day the office is closed besides weekends and bank
    holidays (which come from the ``holidays`` package; see working_days.py). It
    does not count towards a due date."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]
        verbose_name = "local closure day"

    def __str__(self):
        return f"{self.name} ({self.date:%d %B %Y})"


class ReferenceCounter(models.Model):
    """The last reference number handed out in a year; locked while a request is saved."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class RequestStatus(models.TextChoices):
    NEW = "new", "Received"
    IN_PROGRESS = "in_progress", "In progress"
    WAITING = "waiting", "Waiting for member"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"

    @classmethod
    def open_values(cls):
        """Not yet closed or withdrawn: the member can still write."""
        return [cls.NEW, cls.IN_PROGRESS, cls.WAITING, cls.ANSWERED]

    @classmethod
    def awaiting_answer_values(cls):
        """The team owes an answer: only these can be due or overdue."""
        return [cls.NEW, cls.IN_PROGRESS]


# Where staff may move a request from each status. The usual path is
# new -> in progress -> waiting for member -> answered -> closed; staff may also
# step back (a closed request reopens as in progress). A withdrawn request is
# read-only: the member withdrew it, and nothing more is done to it.
STATUS_TRANSITIONS = {
    RequestStatus.NEW: [
        RequestStatus.IN_PROGRESS,
        RequestStatus.WAITING,
        RequestStatus.ANSWERED,
        RequestStatus.CLOSED,
    ],
    RequestStatus.IN_PROGRESS: [
        RequestStatus.WAITING,
        RequestStatus.ANSWERED,
        RequestStatus.CLOSED,
    ],
    RequestStatus.WAITING: [
        RequestStatus.IN_PROGRESS,
        RequestStatus.ANSWERED,
        RequestStatus.CLOSED,
    ],
    RequestStatus.ANSWERED: [RequestStatus.IN_PROGRESS, RequestStatus.CLOSED],
    RequestStatus.CLOSED: [RequestStatus.IN_PROGRESS],
    RequestStatus.WITHDRAWN: [],
}


def erase_member(collector, field, sub_objs, using):
    """``on_delete`` for an advice request's member: erasing a member (deleting
    the account, in the admin or in code) anonymises their requests instead of
    being refused.

    The request stays, as the Authority's record of the advice it gave and for
    the Monitoring Officer's figures, with no link to the member ("erased
    member"); its text stays only until the retention period removes it
    (``manage.py purge_personal_data``). A request still open is withdrawn: there
    is nobody left to answer, and a withdrawn request is read-only. Runs in the
    same transaction as the deletion, as part of it; no signal.
    """
    # Field updates run in the order they are added, all before the account is
    # deleted: the status first, while the rows still name the member.
    collector.add_field_update(
        field.model._meta.get_field("status"),
        RequestStatus.WITHDRAWN,
        sub_objs.filter(status__in=RequestStatus.open_values()),
    )
    collector.add_field_update(field.model._meta.get_field("unread_since"), None, sub_objs)
    collector.add_field_update(field, None, sub_objs)


erase_member.lazy_sub_objs = True


class AdviceRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What a member sees under "My requests": their own requests, nobody else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(member=user)

    def handled_by(self, user):
        """What a member of staff may see: every request if they may see all
        (the Monitoring Officer), otherwise those routed to one of their teams."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm("advice.view_all_advice_requests"):
            return self
        return self.filter(team__in=user.groups.all())

    def open(self):
        return self.filter(status__in=RequestStatus.open_values())

    def past_retention(self, cutoff):
        """Finished (closed or withdrawn) requests with nothing done to them since
        ``cutoff``, whose text has not yet been removed."""
        return (
            self.filter(
                status__in=[RequestStatus.CLOSED, RequestStatus.WITHDRAWN],
                purged_at__isnull=True,
                updated_at__lt=cutoff,
                created_at__lt=cutoff,
            )
            .exclude(
                models.Exists(AdviceEvent.objects.filter(request=OuterRef("pk"), at__gte=cutoff))
            )
            .exclude(
                models.Exists(
                    Message.objects.filter(request=OuterRef("pk"), created_at__gte=cutoff)
                )
            )
        )

    def awaiting_answer(self):
        return self.filter(status__in=RequestStatus.awaiting_answer_values())

    def overdue(self, today):
        """Awaiting an answer and past the due date (due by the end of that day)."""
        return self.awaiting_answer().filter(due_date__lt=today)

    def by_urgency_then_due(self):
        """Most urgent first, then the earliest due date, then the oldest."""
        return self.annotate(
            urgency_rank=models.Case(
                models.When(urgency=Urgency.URGENT, then=0),
                models.When(urgency=Urgency.HIGH, then=1),
                default=2,
                output_field=models.IntegerField(),
            )
        ).order_by("urgency_rank", "due_date", "created_at", "pk")

    def with_reply_count(self):
        return self.annotate(
            reply_count=Count("messages", filter=Q(messages__kind=Message.Kind.REPLY))
        )


class AdviceRequest(models.Model):
    Status = RequestStatus

    reference = models.CharField(max_length=20, unique=True, editable=False)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=erase_member,
        related_name="advice_requests",
        help_text="Empty once the member's account was erased.",
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="requests")
    question = models.TextField()
    post_url = models.URLField("link to the post", max_length=POST_URL_MAX_LENGTH, blank=True)
    section = models.ForeignKey(
        "protocol.Section",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The section of the protocol the question is about, if any.",
    )
    urgency = models.CharField(max_length=10, choices=Urgency, default=Urgency.NORMAL)
    status = models.CharField(max_length=12, choices=RequestStatus, default=RequestStatus.NEW)
    team = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_advice_requests",
    )
    routed_at = models.DateTimeField()
    due_date = models.DateField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    overdue_notified_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the team was told the request is overdue; it is told once.",
    )
    unread_since = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the member wrote something no member of staff has opened yet.",
    )
    suggested_guidance = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="The guidance the portal suggested before the member sent the question "
        "([{title, url}]).",
    )
    purged_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the question, messages and files were removed at the end of the "
        "retention period; what the figures count is kept.",
    )
    first_reply_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the first reply was sent, kept for the figures once the messages "
        "are removed at the end of the retention period.",
    )

    objects = AdviceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("ask_monitoring_officer", "Can ask the Monitoring Officer for advice"),
            ("view_all_advice_requests", "Can see every team's advice requests"),
            ("view_advice_figures", "Can see the figures on advice requests"),
            ("work_on_advice_requests", "Can answer advice requests in the staff workspace"),
            ("view_request_access", "Can see who opened an advice request"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="advice_request_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values), name="advice_request_urgency_valid"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("question"), QUESTION_MAX_LENGTH),
                name="advice_request_question_length",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "created_at"]),
            models.Index(fields=["team", "status"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self):
        # Shown in the admin and its history: never the question, which may hold personal data.
        return f"{self.reference} ({self.topic})" if self.topic_id else self.reference

    def get_absolute_url(self):
        return reverse("advice:detail", kwargs={"reference": self.reference})

    def get_staff_url(self):
        """Where staff open the request: its page in the staff workspace."""
        return reverse("staff:request", kwargs={"reference": self.reference})

    @staticmethod
    def format_reference(year, number):
        return f"MO-{year}-{number:04d}"

    @property
    def is_open(self):
        return self.status in RequestStatus.open_values()

    @property
    def is_erased(self):
        """The member's account was erased: nobody is left to answer."""
        return self.member_id is None

    @property
    def is_purged(self):
        """The text was removed at the end of the retention period."""
        return self.purged_at is not None

    @property
    def is_read_only(self):
        """Staff can only read a withdrawn request, one whose member was erased,
        or one whose text was removed at the end of the retention period."""
        return self.status == self.Status.WITHDRAWN or self.is_erased or self.is_purged

    @property
    def read_only_reason(self):
        """Why nothing more can be done to the request (for messages), or ""."""
        if self.is_purged:
            return "its text was removed at the end of the retention period"
        if self.is_erased:
            return "the member's account was erased"
        if self.status == self.Status.WITHDRAWN:
            return "it was withdrawn by the member"
        return ""

    @property
    def next_statuses(self):
        if self.is_erased or self.is_purged:
            return []
        return STATUS_TRANSITIONS[RequestStatus(self.status)]

    def can_move_to(self, status):
        return status in self.next_statuses

    @property
    def is_awaiting_answer(self):
        return self.status in RequestStatus.awaiting_answer_values()

    def is_overdue(self, today=None):
        return self.is_awaiting_answer and self.due_date < (today or timezone.localdate())

    def is_due_today(self, today=None):
        return self.is_awaiting_answer and self.due_date == (today or timezone.localdate())

    @property
    def is_unread(self):
        return self.unread_since is not None

    @property
    def can_follow_up(self):
        return self.is_open

    @property
    def can_withdraw(self):
        return self.status in (self.Status.NEW, self.Status.IN_PROGRESS, self.Status.WAITING)


class MessageKind(models.TextChoices):
    FOLLOW_UP = "follow_up", "Follow-up from the member"
    REPLY = "reply", "Reply to the member"
    NOTE = "note", "Internal note (the member does not see it)"


class MessageQuerySet(models.QuerySet):
    def visible_to_member(self):
        return self.exclude(kind=Message.Kind.NOTE)


class Message(models.Model):
    """A follow-up from the member, a reply to them, or a note only staff see."""

    Kind = MessageKind

    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="messages")
    # No default: whether the member sees a message is always chosen, never assumed.
    kind = models.CharField(max_length=10, choices=MessageKind)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(help_text="Replies and notes may use Markdown.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MessageKind.values), name="message_kind_valid"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), MESSAGE_MAX_LENGTH),
                name="message_body_length",
            ),
        ]

    def __str__(self):
        # Kept free of the message text: the admin writes this into its history.
        return f"{self.get_kind_display()} ({self.created_at:%d %b %Y %H:%M})"

    @property
    def from_member(self):
        return self.kind == self.Kind.FOLLOW_UP


class AdviceEvent(models.Model):
    """Who changed what on a request, and when. Never holds the request's text."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        ROUTED = "routed", "Routed"
        FOLLOW_UP = "follow_up", "Follow-up added"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REPLIED = "replied", "Reply sent"
        NOTE = "note", "Internal note added"
        STATUS = "status", "Status changed"
        URGENCY = "urgency", "Urgency changed"
        ASSIGNED = "assigned", "Assigned"
        TOPIC = "topic", "Topic changed"
        OVERDUE = "overdue", "Overdue: team told"

    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action)
    detail = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.detail}".strip()


class RequestAccess(models.Model):
    """A member of staff opened a request's page (and so read the member's personal data)."""

    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["request", "at"])]
        verbose_name = "request opened"
        verbose_name_plural = "requests opened (access log)"

    def __str__(self):
        return f"{self.user} at {self.at:%d %b %Y %H:%M}"


class CannedReplyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_topic(self, topic):
        """Replies for this topic first, then those suited to every topic (no topics)."""
        return (
            self.active()
            .filter(Q(topics=topic) | Q(topics__isnull=True))
            .annotate(
                suits_topic=models.Case(
                    models.When(topics=topic, then=0), default=1, output_field=models.IntegerField()
                )
            )
            .order_by("suits_topic", "title")
            .distinct()
        )


class CannedReply(models.Model):
    """A ready-written answer staff insert into a reply and edit before sending."""

    title = models.CharField(max_length=120, unique=True)
    body = models.TextField(
        help_text="Markdown. Staff can edit it in the reply before it is sent.",
    )
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="canned_replies",
        help_text="The topics it suits; leave empty to offer it for every topic.",
    )
    is_active = models.BooleanField(default=True, help_text="Untick to stop offering it.")

    objects = CannedReplyQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "canned replies"
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), MESSAGE_MAX_LENGTH),
                name="canned_reply_body_length",
            ),
        ]

    def __str__(self):
        return self.title


class AnsweredByGuidance(models.Model):
    """A member said the guidance answered their question, so nothing was sent.

    Only the topic and the time are kept: the question itself is not stored.
    """

    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = "question answered by guidance"
        verbose_name_plural = "questions answered by guidance"

    def __str__(self):
        return f"{self.topic or 'No topic'} ({self.at:%d %b %Y})"


class AttachmentStorage(FileSystemStorage):
    """Files under ADVICE_ATTACHMENT_ROOT (read when used, so a changed setting applies),
    with no web address: a file is only ever sent by the portal's attachment view,
    which checks who may see it."""

    @property
    def base_location(self):
        return settings.ADVICE_ATTACHMENT_ROOT

    @property
    def location(self):
        return str(Path(settings.ADVICE_ATTACHMENT_ROOT).resolve())

    def url(self, name):
        raise ValueError("Attachments have no public address; use Attachment.get_absolute_url().")


_attachment_storage = AttachmentStorage()


def attachment_storage():
    """Where attached files are kept: ADVICE_ATTACHMENT_ROOT, never a served directory."""
    return _attachment_storage


def attachment_path(attachment, filename):
    """A random name under the year and month; never the member's own file name."""
    now = timezone.now()
    return f"{now:%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


ATTACHMENT_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
ATTACHMENT_PDF = "application/pdf"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Files a user may download: on their own requests (never on an internal
        note), or on the requests they handle as staff."""
        own = Q(request__in=AdviceRequest.objects.visible_to(user)) & ~Q(
            message__kind=MessageKind.NOTE
        )
        handled = Q(request__in=AdviceRequest.objects.handled_by(user))
        return self.filter(own | handled)


class Attachment(models.Model):
    """A file a member attached to their request or to a follow-up: an image or a PDF.

    Its type was found from its content when it was uploaded, never from the
    browser's word or the file name. The member's file name is kept to show in
    the portal only; it is never put in an e-mail.
    """

    IMAGE_TYPES = ATTACHMENT_IMAGE_TYPES
    PDF = ATTACHMENT_PDF

    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
        help_text="The follow-up it came with; empty for files sent with the question.",
    )
    file = models.FileField(upload_to=attachment_path, storage=attachment_storage, max_length=200)
    name = models.CharField(max_length=200, help_text="The file's name on the member's device.")
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=[*ATTACHMENT_IMAGE_TYPES, ATTACHMENT_PDF]),
                name="attachment_content_type_allowed",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.content_type})"

    def get_absolute_url(self):
        return reverse(
            "advice:attachment", kwargs={"reference": self.request.reference, "pk": self.pk}
        )

    @property
    def is_image(self):
        return self.content_type in self.IMAGE_TYPES

    @property
    def kind(self):
        return "PDF" if self.content_type == self.PDF else self.content_type.split("/")[1].upper()


@receiver(post_delete, sender=Attachment)
def remove_attachment_file(sender, instance, **kwargs):
    """A deleted attachment (also when its request is deleted) takes its file with it,
    once the deletion is committed: a rolled-back delete keeps the file."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


class TeamDigest(models.Model):
    """The morning digest a team was sent on a day; at most one per team and day."""

    team = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    request_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date", "team__name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "date"], name="team_digest_once_a_day"),
        ]

    def __str__(self):
        return f"{self.team} ({self.date:%d %b %Y})"


# Citations, re-check flags and FAQ entries live in their own sub-packages;
# importing them here registers them with the app.
from protocol.advice.citations.models import Citation, Recheck  # noqa: E402, F401
from protocol.advice.faq.models import FaqEntry  # noqa: E402, F401
