"""The inventory of personal information Maillage keeps: one entry per field, in code.

The privacy page renders it, and ``maillage/privacy/tests/test_inventory.py`` walks every
model of the ``maillage.*`` apps: a field that is neither described here (``INVENTORY``) nor
declared not personal (``NOT_PERSONAL``) fails the test, by name. Adding a model field is
therefore a decision about personal information, taken in the same commit.

What counts as personal (the Act, s. 2: information about a natural person that allows,
directly or not, to identify them):

* every field that describes a family or one of its members — identity, household,
  dates of birth, where the family lives and how it was reached, its situation, status and
  closure, consents, contacts, needs, plan, referrals and their outcomes — even behind a
  pseudonymous code, because the organization can tie the code to the family;
* every free text a worker writes about a family or a person (notes, handover notes,
  reasons), whatever the form asks, since nothing stops a name being typed;
* what identifies a user (e-mail, name, password hash, sessions) and every link that says
  which person did or was assigned what (a ``worker``, ``created_by``, ``actor``…);
* a link to a family's row (``family``, ``priority``, ``referral``): it ties a row to a
  family's file.

Not personal, declared in ``NOT_PERSONAL`` with the reason:

* technical identifiers: the auto primary key and the random ``uuid`` (allowed without a
  declaration, in ``is_technical``), lock counters, tokens' hashes;
* links to the owning organization and to reference or directory tables (regions,
  municipalities, strategies, partners, services) when they do not describe a person;
* timestamps the system writes when a row is saved (``created_at``, ``recorded_at``…);
  the dates of what happened to a family (a contact, a consent given) are personal;
* the organization's own data, the partner directory (organizations, whose work contact
  information the Act sets apart, s. 1), counts of people never named, and free text about
  the territory or partners, where the forms ask never to name a family.

Sources: collected from the person (the family, or the user about themself), produced by
the worker (observations, assessments, notes), or produced by the system.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sensitivity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Source(models.TextChoices):
    PERSON = "person", _("Collected from the person")
    WORKER = "worker", _("Produced by the worker")
    SYSTEM = "system", _("Produced by the system")


@dataclass(frozen=True)
class Item:
    model: str  # "app_label.ModelName"
    field: str
    purpose: str
    sensitivity: str
    source: str
    title: str = ""  # for fields whose verbose name is not translated

    @property
    def model_class(self):
        return apps.get_model(self.model)

    @property
    def label(self):
        """The field's name for people: its verbose name, unless the model left it to the
        one Django derives from the attribute name, which is never translated."""
        return (
            self.title
            or TITLES.get((self.model, self.field))
            or self.model_class._meta.get_field(self.field).verbose_name
        )

    def get_sensitivity_display(self) -> str:
        return str(Sensitivity(self.sensitivity).label)

    def get_source_display(self) -> str:
        return str(Source(self.source).label)


def _items(model, sensitivity, source, purpose, *fields, title=""):
    return [Item(model, name, purpose, sensitivity, source, title) for name in fields]


LOW, MEDIUM, HIGH = Sensitivity.LOW, Sensitivity.MEDIUM, Sensitivity.HIGH
PERSON, WORKER, SYSTEM = Source.PERSON, Source.WORKER, Source.SYSTEM

_FAMILY = _("family")
_CREATED_BY = _("created by")
_FROM_STATUS = _("previous status")
_TO_STATUS = _("new status")
#: Names for the fields whose model gives no translated verbose name.
TITLES = {
    ("accounts.Invitation", "invited_by"): _("invited by"),
    ("accounts.AccountSession", "user"): _("account"),
    ("families.Family", "nickname_index"): _("search index of the nickname"),
    ("families.Family", "phone_index"): _("search index of the phone"),
    ("families.Family", "created_by"): _CREATED_BY,
    ("families.Member", "family"): _FAMILY,
    ("families.Consent", "family"): _FAMILY,
    ("families.Consent", "recorded_by"): _("recorded by"),
    ("families.StatusChange", "family"): _FAMILY,
    ("families.StatusChange", "from_status"): _FROM_STATUS,
    ("families.StatusChange", "to_status"): _TO_STATUS,
    ("families.StatusChange", "reason"): _("reason of the change"),
    ("families.StatusChange", "changed_on"): _("date of the change"),
    ("families.StatusChange", "changed_by"): _("changed by"),
    ("families.Assignment", "family"): _FAMILY,
    ("families.Assignment", "worker"): _("worker"),
    ("families.Assignment", "since"): _("assigned since"),
    ("accompaniment.Contact", "family"): _FAMILY,
    ("accompaniment.Priority", "family"): _FAMILY,
    ("accompaniment.Step", "priority"): _("priority of the plan"),
    ("referrals.Referral", "family"): _FAMILY,
    ("referrals.Referral", "created_on"): _("date of the referral"),
    ("referrals.Referral", "created_by"): _CREATED_BY,
    ("referrals.ReferralEvent", "referral"): _("referral"),
    ("referrals.ReferralEvent", "from_status"): _FROM_STATUS,
    ("referrals.ReferralEvent", "to_status"): _TO_STATUS,
    ("referrals.ReferralEvent", "by"): _("changed by"),
    ("gaps.ServiceGap", "referrals"): _("referrals behind the gap"),
}

# Purposes shared by several fields.
ACCOUNTABILITY = _("Know who did what, for follow-up and for the audit.")
FILE_LINK = _("Attach the row to the family's file.")
FOLLOW_UP = _("Follow the family over time and hand over when a worker leaves.")
EVALUATION = _("Answer the evaluation questions with counts, never with names.")
WORKLOAD = _("Show the worker's real workload, travel included.")
HOUSEHOLD = _("Know who lives in the household and the children's ages.")
CONSENT = _("Prove what the family agreed to, and respect its withdrawal.")
IDENTITY = _("Reach the family, only when the organization records identity and the family agreed.")
SEARCH = _("Find a family by nickname or phone without decrypting every file.")
SITUATION = _("Understand the family's situation to offer the right help.")
PLAN = _("Keep the family's own goals and next steps (the plan de match).")
REFERRAL = _("Follow each referral to its outcome and see the service gaps.")
NOTE = _("Short factual notes for the team; encrypted in the database.")
SIGN_IN = _("Sign in and keep the account secure.")
MEMBERSHIP = _("Know who belongs to the organization, in which role.")
REACH_OFFICER = _("Let families and the team reach the person in charge (s. 3.1 of the Act).")
RIGHTS = _("Answer the family's request to see or receive its file within 30 days (s. 27, 32).")
DISCLOSED = _("Tell the family what was communicated without its consent, and to whom (s. 18).")

INVENTORY: list[Item] = [
    # Accounts: the people who use Maillage.
    *_items("accounts.User", LOW, PERSON, SIGN_IN, "email", "full_name"),
    *_items("accounts.User", HIGH, PERSON, _("Sign in; only a salted hash is kept."), "password"),
    *_items("accounts.User", LOW, SYSTEM, SIGN_IN, "last_login", "is_active"),
    *_items(
        "accounts.Membership",
        LOW,
        SYSTEM,
        MEMBERSHIP,
        "user",
        "role",
        "is_active",
        "deactivated_at",
    ),
    *_items(
        "accounts.Membership",
        LOW,
        PERSON,
        _("Let the manager see who can take new families."),
        "intake_open",
        "intake_changed_on",
    ),
    *_items(
        "accounts.Invitation", LOW, SYSTEM, MEMBERSHIP, "email", "role", "invited_by", "approved_by"
    ),
    *_items("accounts.AccountSession", LOW, SYSTEM, SIGN_IN, "session_data", "user"),
    # A keyed hash of an address typed at sign-in, forgotten a day after its last failure.
    *_items(
        "accounts.SignInThrottle",
        LOW,
        SYSTEM,
        SIGN_IN,
        "address_key",
        "failures",
        "last_failure_at",
        "blocked_until",
        "notified_at",
    ),
    *_items("audit.AuditEvent", LOW, SYSTEM, ACCOUNTABILITY, "actor"),
    # Outreach: counts; the worker and a note.
    *_items("outreach.OutreachActivity", LOW, SYSTEM, WORKLOAD, "worker"),
    *_items("outreach.OutreachActivity", MEDIUM, WORKER, NOTE, "note"),
    # Families.
    *_items(
        "families.Family",
        MEDIUM,
        SYSTEM,
        _("Name the family without identifying it."),
        "code",
    ),
    *_items(
        "families.Family",
        MEDIUM,
        WORKER,
        FOLLOW_UP,
        "status",
        "status_changed_on",
        "closure_reason",
        "last_contact_on",
        "opened_on",
        "accompanied_on",
    ),
    *_items(
        "families.Family",
        LOW,
        WORKER,
        EVALUATION,
        "entry_point",
        "origin_activity",
        "origin_strategy",
        "milieu",
    ),
    *_items("families.Family", MEDIUM, PERSON, SITUATION, "municipality", "languages"),
    *_items("families.Family", LOW, PERSON, SITUATION, "interpreter_needed", "francisation"),
    *_items("families.Family", HIGH, PERSON, SITUATION, "immigration_context"),
    *_items("families.Family", MEDIUM, WORKER, SITUATION, "isolation", "strengths"),
    *_items("families.Family", MEDIUM, WORKER, SITUATION, "strengths_note"),
    *_items("families.Family", HIGH, WORKER, SITUATION, "context_factors"),
    *_items("families.Family", HIGH, PERSON, IDENTITY, "nickname", "phone", "address"),
    *_items("families.Family", MEDIUM, SYSTEM, SEARCH, "nickname_index", "phone_index"),
    *_items("families.Family", LOW, SYSTEM, ACCOUNTABILITY, "created_by"),
    *_items("families.Member", LOW, SYSTEM, FILE_LINK, "family"),
    *_items(
        "families.Member",
        MEDIUM,
        PERSON,
        HOUSEHOLD,
        "role",
        "birth_year",
        "birth_month",
        "expected",
    ),
    *_items("families.Consent", LOW, SYSTEM, FILE_LINK, "family"),
    *_items(
        "families.Consent",
        MEDIUM,
        PERSON,
        CONSENT,
        "purpose",
        "partner_name",
        "given_on",
        "expires_on",
        "withdrawn_on",
    ),
    *_items("families.Consent", LOW, WORKER, CONSENT, "method", "text_version"),
    *_items("families.Consent", LOW, SYSTEM, ACCOUNTABILITY, "recorded_by"),
    *_items("families.StatusChange", LOW, SYSTEM, FILE_LINK, "family"),
    *_items(
        "families.StatusChange",
        MEDIUM,
        WORKER,
        FOLLOW_UP,
        "from_status",
        "to_status",
        "reason",
        "changed_on",
    ),
    *_items("families.StatusChange", LOW, SYSTEM, ACCOUNTABILITY, "changed_by"),
    *_items("families.Assignment", LOW, SYSTEM, FILE_LINK, "family"),
    *_items("families.Assignment", LOW, WORKER, FOLLOW_UP, "worker", "since"),
    *_items("families.Assignment", HIGH, WORKER, NOTE, "handover_note"),
    # Accompaniment.
    *_items("accompaniment.Contact", LOW, SYSTEM, FILE_LINK, "family"),
    *_items(
        "accompaniment.Contact",
        LOW,
        WORKER,
        WORKLOAD,
        "worker",
        "date",
        "mode",
        "duration_minutes",
        "travel_minutes",
        "distance_km",
        "interpreter_used",
    ),
    *_items(
        "accompaniment.Contact",
        MEDIUM,
        WORKER,
        SITUATION,
        "needs",
        "interventions",
        # The same lists, copied as bits for the evaluation's counts.
        "needs_bits",
        "interventions_bits",
    ),
    *_items("accompaniment.Contact", HIGH, WORKER, NOTE, "note"),
    *_items("accompaniment.Priority", LOW, SYSTEM, FILE_LINK, "family"),
    *_items("accompaniment.Priority", MEDIUM, PERSON, PLAN, "title", "need", "defined_by_family"),
    *_items("accompaniment.Step", LOW, SYSTEM, FILE_LINK, "priority"),
    *_items(
        "accompaniment.Step", MEDIUM, WORKER, PLAN, "description", "status", "due_on", "done_on"
    ),
    # Referrals.
    *_items("referrals.Referral", LOW, SYSTEM, FILE_LINK, "family"),
    *_items(
        "referrals.Referral",
        MEDIUM,
        WORKER,
        REFERRAL,
        "need",
        "service",
        "partner_name",
        "status",
        "follow_up_on",
        "accompanied",
        "interpreter_used",
        "transport_provided",
        "information_only",
        "created_on",
    ),
    *_items("referrals.Referral", LOW, SYSTEM, ACCOUNTABILITY, "created_by"),
    *_items("referrals.ReferralEvent", LOW, SYSTEM, FILE_LINK, "referral"),
    *_items(
        "referrals.ReferralEvent",
        MEDIUM,
        WORKER,
        REFERRAL,
        "from_status",
        "to_status",
        "reason",
        "on",
    ),
    *_items("referrals.ReferralEvent", HIGH, WORKER, NOTE, "note"),
    *_items("referrals.ReferralEvent", LOW, SYSTEM, ACCOUNTABILITY, "by"),
    # Service gaps and collaborations: counts and partners; the links and the worker.
    *_items(
        "gaps.ServiceGap",
        LOW,
        SYSTEM,
        _("Count the distinct families behind a service gap; they are never listed."),
        "referrals",
    ),
    *_items("collaboration.Collaboration", LOW, SYSTEM, WORKLOAD, "worker"),
    *_items("collaboration.OutOfMandateRequest", LOW, SYSTEM, WORKLOAD, "worker"),
    # Evaluation and imports.
    *_items(
        "evaluation.TargetDefinition",
        LOW,
        SYSTEM,
        ACCOUNTABILITY,
        "created_by",
        title=_("defined by"),
    ),
    *_items(
        "imports.HistoryImport",
        HIGH,
        WORKER,
        _("Check a file of past logs in full before importing it; dropped once imported."),
        "content",
        title=_("content of the imported file"),
    ),
    *_items(
        "imports.HistoryImport",
        LOW,
        WORKER,
        _("Recognize a file already imported."),
        "filename",
    ),
    *_items(
        "imports.HistoryImport",
        LOW,
        SYSTEM,
        ACCOUNTABILITY,
        "created_by",
        title=_("imported by"),
    ),
    *_items("research.ExtractRelease", LOW, SYSTEM, ACCOUNTABILITY, "released_by"),
    # Privacy governance.
    *_items(
        "privacy.PrivacyOfficer",
        LOW,
        PERSON,
        REACH_OFFICER,
        "name",
        "email",
        "phone",
        "since",
        "delegated_on",
    ),
    *_items("privacy.PrivacyOfficer", LOW, SYSTEM, ACCOUNTABILITY, "updated_by"),
    *_items(
        "privacy.ConfidentialityIncident",
        LOW,
        WORKER,
        _("Keep the register of confidentiality incidents the Act requires (s. 3.8)."),
        "circumstances",
        "measures",
    ),
    *_items("privacy.ConfidentialityIncident", LOW, SYSTEM, ACCOUNTABILITY, "recorded_by"),
    # The family's rights: requests it made and what was communicated without its consent.
    *_items("rights.AccessRequest", LOW, SYSTEM, FILE_LINK, "family"),
    *_items("rights.AccessRequest", LOW, PERSON, RIGHTS, "kind", "requested_by", "language"),
    *_items(
        "rights.AccessRequest",
        LOW,
        WORKER,
        RIGHTS,
        "received_on",
        "status",
        "refusal_reason",
        "answered_on",
        "due_on",
    ),
    *_items("rights.AccessRequest", LOW, SYSTEM, ACCOUNTABILITY, "recorded_by"),
    *_items("rights.Disclosure", LOW, SYSTEM, FILE_LINK, "family"),
    *_items("rights.Disclosure", MEDIUM, WORKER, DISCLOSED, "legal_basis", "recipient", "sent_on"),
    *_items("rights.Disclosure", HIGH, WORKER, DISCLOSED, "content"),
    *_items("rights.Disclosure", LOW, SYSTEM, ACCOUNTABILITY, "sent_by", "recorded_by"),
    # Retention and rectification: which part of a file was corrected, never the values.
    *_items("retention.Rectification", LOW, SYSTEM, FILE_LINK, "family"),
    *_items(
        "retention.Rectification",
        LOW,
        WORKER,
        _("Tell the family what was rectified in its file, and when (s. 28 of the Act)."),
        "field",
        "reason",
        "requested_by_family",
        "rectified_on",
    ),
    *_items("retention.Rectification", LOW, SYSTEM, ACCOUNTABILITY, "recorded_by"),
    *_items(
        "retention.RetentionSchedule",
        LOW,
        SYSTEM,
        ACCOUNTABILITY,
        "updated_by",
        title=_("schedule changed by"),
    ),
]

# Reasons shared by the declarations below.
_OWNER = _("the organization that owns the row")
_STAMP = _("when the system wrote the row")
_OWNER_AND_STAMP = _("the organization that owns the row, and when the system wrote it")
_REFERENCE = _("reference data about territories")
_ORGANIZATION = _("settings and data of the organization, not of a person")
_DIRECTORY = _("the partner directory: organizations and their services")
_COUNTS = _("counts and categories of the organization's work; nobody is named")
_TERRITORY = _("about services of the territory; the form asks never to name a family")
_INCIDENT = _("describes an incident in categories and counts, never the information itself")

#: Fields that are not personal information, by model, with the reason.
NOT_PERSONAL: dict[str, tuple[str, tuple[str, ...]]] = {
    "accounts.User": (_STAMP, ("date_joined",)),
    "accounts.Membership": (_OWNER, ("organization", "created_at")),
    "accounts.Invitation": (
        _("a hash of the invitation's token, its owner and the times it was sent and used"),
        (
            "organization",
            "token_hash",
            "created_at",
            "expires_at",
            "accepted_at",
            "revoked_at",
            "approval_required",
            "approved_at",
        ),
    ),
    "accounts.AccountSession": (
        _("a random key and the session's expiry"),
        ("session_key", "expire_date"),
    ),
    "organizations.Region": (_REFERENCE, ("code", "name")),
    "organizations.Municipality": (
        _REFERENCE,
        (
            "code",
            "name",
            "designation",
            "region",
            "mrc",
            "population",
            "land_area_km2",
            "postal_code",
        ),
    ),
    "organizations.Organization": (
        _ORGANIZATION,
        (
            "name",
            "region",
            "milieu",
            "require_mfa_for_all",
            "identity_enabled",
            "team_visibility",
            "stale_after_weeks",
            "is_active",
            "created_at",
            "municipalities",
        ),
    ),
    "organizations.Community": (
        _ORGANIZATION,
        ("name", "region", "description", "created_at", "organizations"),
    ),
    "audit.AuditEvent": (
        _("what was done and to which row, with the names of fields, never their values"),
        (
            "occurred_at",
            "organization",
            "action",
            "object_type",
            "object_uuid",
            "changed_fields",
            "previous_hash",
            "hash",
        ),
    ),
    "audit.ChainVerification": (
        _("when the audit log was checked, how many entries, and where it broke if it did"),
        (
            "organization",
            "verified_at",
            "checked",
            "head_id",
            "head_hash",
            "intact",
            "broken",
        ),
    ),
    "outreach.Strategy": (
        _ORGANIZATION,
        ("organization", "default", "custom_name", "is_active", "position"),
    ),
    "outreach.OutreachActivity": (
        _COUNTS,
        (
            "organization",
            "date",
            "strategy",
            "place_type",
            "municipality",
            "duration_minutes",
            "people_met",
            "families_reached",
            "created_at",
        ),
    ),
    "families.Family": (
        _("the owner, a counter against lost updates, and when the row was written"),
        ("organization", "version", "created_at"),
    ),
    "families.Consent": (_STAMP, ("recorded_at",)),
    "families.StatusChange": (_STAMP, ("changed_at",)),
    "accompaniment.Contact": (_OWNER_AND_STAMP, ("organization", "created_at")),
    "accompaniment.Priority": (_STAMP, ("created_at",)),
    "accompaniment.Step": (_STAMP, ("created_at",)),
    "partners.Partner": (
        _DIRECTORY,
        (
            "organization",
            "shared_with",
            "hsds_id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "phones",
            "mandate",
            "last_verified_on",
            "extra",
        ),
    ),
    "partners.Service": (
        _DIRECTORY,
        (
            "partner",
            "hsds_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "languages",
            "interpretation_services",
            "fees_description",
            "application_process",
            "required_documents",
            "hours",
            "service_areas",
            "needs",
            "last_verified_on",
            "search_text",
            "language_index",
            "extra",
        ),
    ),
    "partners.Location": (
        _DIRECTORY,
        (
            "partner",
            "hsds_id",
            "location_type",
            "name",
            "description",
            "transportation",
            "address_1",
            "city",
            "postal_code",
            "state_province",
            "country",
            "municipality",
            "url",
            "latitude",
            "longitude",
            "extra",
            "services",
        ),
    ),
    "referrals.Referral": (_OWNER_AND_STAMP, ("organization", "created_at")),
    "referrals.ReferralEvent": (_STAMP, ("at",)),
    "gaps.ServiceGap": (
        _TERRITORY,
        (
            "organization",
            "need",
            "municipality",
            "mrc",
            "region",
            "cause",
            "description",
            "families_added",
            "raised_at_table_on",
            "action_taken",
            "status",
            "merged_into",
            "created_at",
        ),
    ),
    "collaboration.Collaboration": (
        _TERRITORY,
        (
            "organization",
            "date",
            "kind",
            "title",
            "subjects",
            "other_partners",
            "duration_minutes",
            "follow_ups",
            "created_at",
            "partners",
        ),
    ),
    "collaboration.Connection": (_DIRECTORY, ("collaboration", "partner_a", "partner_b")),
    "collaboration.OutOfMandateRequest": (
        _TERRITORY,
        (
            "organization",
            "date",
            "partner",
            "partner_name",
            "kind",
            "description",
            "minutes_spent",
            "decision",
            "created_at",
        ),
    ),
    "evaluation.TargetDefinition": (
        _("the organization's definition of the families it aims to reach; nobody is named"),
        (
            "organization",
            "community",
            "name",
            "valid_from",
            "valid_to",
            "child_age_min",
            "child_age_max",
            "expected_birth_counts",
            "isolation",
            "milieux",
            "immigration_contexts",
            "interpreter_needed",
            "estimated_population",
            "population_source",
            "population_estimated_on",
            "created_at",
            "updated_at",
            "municipalities",
        ),
    ),
    "imports.HistoryImport": (
        _("the file's fingerprint, its state, counts of rows and when it was checked and imported"),
        ("organization", "sha256", "status", "counts", "created_at", "imported_at"),
    ),
    "research.ExtractRelease": (
        _("the record of an extract handed over: period, rules, counts and the file's fingerprint"),
        (
            "released_at",
            "rules_version",
            "period_start",
            "period_end",
            "row_count",
            "suppressed_count",
            "levels",
            "sha256",
        ),
    ),
    "privacy.PrivacyOfficer": (_OWNER, ("organization", "updated_at")),
    "rights.AccessRequest": (_OWNER, ("organization", "created_at")),
    "rights.Disclosure": (_OWNER, ("organization", "recorded_at")),
    "retention.RetentionSchedule": (
        _ORGANIZATION,
        ("organization", "identity_months", "file_months", "updated_at"),
    ),
    "retention.RetentionRun": (
        _COUNTS,
        (
            "organization",
            "ran_at",
            "identities_destroyed",
            "files_anonymized",
        ),
    ),
    "retention.Rectification": (_OWNER, ("organization", "recorded_at")),
    "privacy.ConfidentialityIncident": (
        _INCIDENT,
        (
            "organization",
            "information_involved",
            "information_unknown_reason",
            "occurred_from",
            "occurred_to",
            "occurred_approximate",
            "discovered_on",
            "people_concerned",
            "people_estimated",
            "risk_sensitivity",
            "risk_misuse",
            "risk_consequences",
            "risk_likelihood",
            "serious_injury_risk",
            "commission_notified_on",
            "people_notified_on",
            "public_notice",
            "notices_note",
            "recorded_at",
            "updated_at",
        ),
    ),
}


def is_technical(field) -> bool:
    """The automatic primary key and the random UUID used in addresses."""
    if field.primary_key and field.auto_created:
        return True
    return field.name == "uuid" and isinstance(field, models.UUIDField)


def maillage_models():
    """Concrete models of Maillage's own apps (not Django's, not the automatic M2M tables)."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("maillage.") and not model._meta.auto_created
    ]


def stored_fields(model):
    """The fields a model stores: columns and many-to-many links it declares."""
    return [*model._meta.local_fields, *model._meta.local_many_to_many]


def undescribed_fields() -> list[str]:
    """``app_label.Model.field`` of every stored field neither inventoried nor declared."""
    described = {(item.model, item.field) for item in INVENTORY}
    declared = {(model, name) for model, (_r, names) in NOT_PERSONAL.items() for name in names}
    missing = []
    for model in maillage_models():
        label = model._meta.label
        for field in stored_fields(model):
            key = (label, field.name)
            if key in described or key in declared or is_technical(field):
                continue
            missing.append(f"{label}.{field.name}")
    return missing


def stale_entries() -> list[str]:
    """Entries naming a field that no longer exists (or both personal and not)."""
    existing = {
        (model._meta.label, field.name)
        for model in maillage_models()
        for field in stored_fields(model)
    }
    described = [(item.model, item.field) for item in INVENTORY]
    declared = [(model, name) for model, (_r, names) in NOT_PERSONAL.items() for name in names]
    stale = [f"{m}.{f}" for m, f in [*described, *declared] if (m, f) not in existing]
    stale += [f"{m}.{f} (twice)" for m, f in set(described) & set(declared)]
    stale += [f"{m}.{f} (twice)" for m, f in {k for k in described if described.count(k) > 1}]
    return stale


#: The order of the privacy page: what is about the families first, the users' accounts last.
PAGE_ORDER = (
    "families",
    "accompaniment",
    "referrals",
    "outreach",
    "gaps",
    "collaboration",
    "imports",
    "evaluation",
    "research",
    "privacy",
    "accounts",
    "audit",
)


def _family_first(item: Item) -> int:
    app_label = item.model.split(".")[0]
    return PAGE_ORDER.index(app_label) if app_label in PAGE_ORDER else len(PAGE_ORDER)


def inventory_by_model() -> list[tuple[str, list[Item]]]:
    """The inventory grouped for the privacy page: (the model's plural name, its items)."""
    groups: dict[str, list[Item]] = {}
    for item in sorted(INVENTORY, key=_family_first):
        groups.setdefault(item.model, []).append(item)
    return [
        (str(apps.get_model(model)._meta.verbose_name_plural).capitalize(), items)
        for model, items in groups.items()
    ]
