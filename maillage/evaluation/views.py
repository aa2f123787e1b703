"""The evaluation screens: the target clientele, and the eight questions.

* A PG evaluates their own organization (``can_evaluate_organization``): the dashboard
  (every question's headline numbers, ``dashboard.py``), one page per question, exact
  numbers. The target clientele is read by the whole team and defined by the PG.
* The évaluateur (``can_see_aggregates_across_organizations``, platform scope) sees the
  same questions across organizations, filtered by one milieu or one region, every
  number published through ``maillage.lib.disclosure`` (``presentation.py``).

No page here names a family or links to one: questions count, they never list.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.access import get_for_org, member_required
from maillage.core.periods import PeriodForm, last_full_quarter
from maillage.families.models import ImmigrationContext, Isolation
from maillage.organizations.models import Milieu

from . import dashboard, services
from .forms import AcrossFilterForm, TargetForm
from .indicators.target import CRITERIA, set_criteria
from .models import TargetDefinition
from .presentation import present
from .questions.registry import QUESTIONS
from .scope import Scope, evaluation_queries

ALL_NUMBERS = range(1, 9)
EVALUATES = "can_evaluate_organization"
ACROSS = "can_see_aggregates_across_organizations"
#: Three years; for longer, compare years.
LONGEST_CUSTOM_MONTHS = 36


def _cards(scope, *, across: bool) -> list[dict]:
    """The dashboard: each question's number, title, notes and headline numbers (published
    as on its own page), computed together (``dashboard.answers``)."""
    answers = dashboard.answers(scope)
    cards = []
    for number in ALL_NUMBERS:
        result = answers.get(number)
        shown = present(result, across=across) if result else {}
        cards.append(
            {
                "number": number,
                "question": QUESTIONS.get(number),
                "notes": result.notes if result else [],
                "indicators": shown.get("indicators", []),
            }
        )
    return cards


def _question(number):
    question = QUESTIONS.get(number)
    if question is None:
        raise Http404
    return question


def _period(request):
    """The period asked for in the query string, and the form to show.

    By default the last full quarter: complete and comparable from one report to the next,
    where the year to date keeps moving. With errors the form carries them (next to each
    field, what was typed kept) and the page is computed for the default period, which it
    says.
    """
    today = timezone.localdate()
    form = PeriodForm(
        request.GET,
        today=today,
        default=last_full_quarter(today),
        longest_custom_months=LONGEST_CUSTOM_MONTHS,
    )
    return (form.period() if form.is_valid() else form.default), form


def _across_scope(request, period):
    form = AcrossFilterForm(request.GET)
    values = form.cleaned_data if form.is_valid() else {}
    scope = Scope.across_organizations(
        period, milieu=values.get("milieu", ""), region=values.get("region", "")
    )
    return scope, form


# The organization's own evaluation ------------------------------------------------------


@member_required(EVALUATES)
def index(request):
    period, period_form = _period(request)
    scope = Scope.for_organization(request.organization, period)
    return render(
        request,
        "evaluation/index.html",
        {
            "cards": _cards(scope, across=False),
            "period": period,
            "period_form": period_form,
            "querystring": urlencode(scope.query()),
            "across": False,
            # Read by the questions already (``_cards``): no query of its own.
            "target": scope.target_definitions.get(request.organization.pk),
        },
    )


@member_required(EVALUATES)
def question(request, number):
    chosen = _question(number)
    period, period_form = _period(request)
    scope = Scope.for_organization(request.organization, period)
    with evaluation_queries(scope):
        context = present(chosen.compute(scope), across=False)
    context.update(
        period=period,
        period_form=period_form,
        querystring=urlencode(scope.query()),
        across=False,
        number=number,
    )
    return render(request, "evaluation/question.html", context)


# Across organizations ---------------------------------------------------------------------


@member_required(ACROSS, scope="platform")
def across_index(request):
    period, period_form = _period(request)
    scope, filter_form = _across_scope(request, period)
    return render(
        request,
        "evaluation/index.html",
        {
            "cards": _cards(scope, across=True),
            "period": period,
            "period_form": period_form,
            "filter_form": filter_form,
            "querystring": urlencode(scope.query()),
            "across": True,
            "organization_count": len(scope.organization_ids),
        },
    )


@member_required(ACROSS, scope="platform")
def across_question(request, number):
    chosen = _question(number)
    period, period_form = _period(request)
    scope, filter_form = _across_scope(request, period)
    with evaluation_queries(scope):
        context = present(chosen.compute(scope), across=True)
    context.update(
        period=period,
        period_form=period_form,
        filter_form=filter_form,
        querystring=urlencode(scope.query()),
        across=True,
        number=number,
    )
    return render(request, "evaluation/question.html", context)


# The target clientele ----------------------------------------------------------------------


def _targets(request):
    return TargetDefinition.objects.for_org(request.organization).select_related("community")


@member_required("is_organization_member")
def target_list(request):
    definitions = list(_targets(request).prefetch_related("municipalities"))
    return render(
        request,
        "evaluation/target_list.html",
        {
            "definitions": [(definition, _summary(definition)) for definition in definitions],
            "can_edit": request.membership.can_evaluate_organization,
        },
    )


@member_required("is_organization_member")
def target_detail(request, uuid):
    definition = get_for_org(
        request, TargetDefinition, uuid, _targets(request).prefetch_related("municipalities")
    )
    return render(
        request,
        "evaluation/target_detail.html",
        {
            "definition": definition,
            "summary": _summary(definition),
            "can_edit": request.membership.can_evaluate_organization,
        },
    )


@member_required(EVALUATES)
def target_new(request):
    form = TargetForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            definition = services.create_target(
                request.user, request.organization, form.values(), form.chosen_municipalities()
            )
        except services.TargetError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("The target clientele was saved."))
            return redirect("evaluation:target_detail", definition.uuid)
    return render(request, "evaluation/target_form.html", {"form": form, "definition": None})


@member_required(EVALUATES)
def target_edit(request, uuid):
    definition = get_for_org(request, TargetDefinition, uuid)
    form = TargetForm(request.POST or None, organization=request.organization, instance=definition)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_target(
                request.user, definition, form.values(), form.chosen_municipalities()
            )
        except services.TargetError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("The target clientele was saved."))
            return redirect("evaluation:target_detail", definition.uuid)
    return render(request, "evaluation/target_form.html", {"form": form, "definition": definition})


def _summary(definition):
    """(criterion label, what it asks) for each criterion the definition sets."""

    def labels(choices, values):
        return ", ".join(str(choices(value).label) for value in values)

    lines = []
    for key in set_criteria(definition):
        if key == "ages":
            low, high = definition.child_age_min, definition.child_age_max
            if high is None:
                text = _("a child aged %(low)s or more") % {"low": low or 0}
            else:
                text = _("a child aged %(low)s to %(high)s") % {"low": low or 0, "high": high}
            if definition.expected_birth_counts and not low:
                text = _("%(ages)s, or an expected birth") % {"ages": text}
        elif key == "isolation":
            text = labels(Isolation, definition.isolation)
        elif key == "milieu":
            text = labels(Milieu, definition.milieux)
        elif key == "municipality":
            text = ", ".join(municipality.name for municipality in definition.municipalities.all())
        elif key == "immigration":
            text = labels(ImmigrationContext, definition.immigration_contexts)
        else:
            text = _("yes")
        lines.append((CRITERIA[key], text))
    return lines
