"""The evaluation screens: the target clientele, and the eight questions.

* A PG evaluates their own organization (``can_evaluate_organization``): the dashboard
  (every question's headline numbers, ``dashboard.py``), one page per question, exact
  numbers. The target clientele is read by the whole team and defined by the PG.
* The évaluateur (``can_see_aggregates_across_organizations``, platform scope) sees the
  same questions across organizations, for the province or one milieu or one region,
  every number published through ``maillage.lib.disclosure`` (``presentation.py``): each
  question is computed once for the province and the breakdowns offered are protected
  together, so that subtracting one from another gives nothing away.

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
from maillage.lib import disclosure
from maillage.organizations.models import Milieu, Organization

from . import dashboard, services
from .forms import AcrossFilterForm, TargetForm
from .indicators.target import CRITERIA, set_criteria
from .models import TargetDefinition
from .presentation import PROVINCE, Published, present
from .questions.registry import QUESTIONS
from .scope import Scope, evaluation_queries

ALL_NUMBERS = range(1, 9)
EVALUATES = "can_evaluate_organization"
ACROSS = "can_see_aggregates_across_organizations"
#: Three years; for longer, compare years.
LONGEST_CUSTOM_MONTHS = 36


def _cards(scope, *, across: bool, rules=None) -> list[dict]:
    """The dashboard: each question's number, title, notes and headline numbers (published
    as on its own page), computed together (``dashboard.answers``)."""
    answers = dashboard.answers(scope)
    cards = []
    for number in ALL_NUMBERS:
        result = answers.get(number)
        shown = present(result, across=across, rules=rules) if result else {}
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


def _breakdowns():
    """The groups of organizations the évaluateur may see published together: ``{key:
    organization ids}`` with the province under ``PROVINCE`` and each milieu and region
    that ``disclosure.breakdowns`` lets through, and every candidate's members."""
    organizations = list(Organization.objects.values_list("pk", "milieu", "region__code"))
    population = frozenset(pk for pk, _milieu, _region in organizations)
    candidates = [
        (("milieu", milieu), frozenset(pk for pk, value, _r in organizations if value == milieu))
        for milieu in Milieu.values
    ]
    regions = sorted({region for _pk, _milieu, region in organizations if region})
    candidates += [
        (("region", region), frozenset(pk for pk, _m, value in organizations if value == region))
        for region in regions
    ]
    offered = set(disclosure.breakdowns(population, candidates))
    groups = {PROVINCE: population}
    groups.update((key, members) for key, members in candidates if key in offered)
    return groups, dict(candidates)


def _across(request, period):
    """The province's scope (every question is computed once for it), the rules of the
    breakdown asked for, the filter form, the organizations in that breakdown and the
    query string that gives the page back."""
    groups, candidates = _breakdowns()
    form = AcrossFilterForm(request.GET, offered=set(groups))
    values = form.cleaned_data if form.is_valid() else {}
    milieu, region = values.get("milieu", ""), values.get("region", "")
    if milieu:
        shown = ("milieu", milieu)
    elif region:
        shown = ("region", region)
    else:
        shown = PROVINCE
    members = groups.get(shown, candidates.get(shown, frozenset()))
    query = period.query()
    query.update({name: value for name, value in (("milieu", milieu), ("region", region)) if value})
    return {
        # The province: every organization, read once with the breakdowns above.
        "scope": Scope(period=period, organization_ids=groups[PROVINCE], across=True),
        "rules": Published(groups, shown),
        "filter_form": form,
        "organization_count": len(members),
        "querystring": urlencode(query),
    }


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
    across = _across(request, period)
    return render(
        request,
        "evaluation/index.html",
        {
            "cards": _cards(across["scope"], across=True, rules=across["rules"]),
            "period": period,
            "period_form": period_form,
            "filter_form": across["filter_form"],
            "querystring": across["querystring"],
            "across": True,
            "withheld": across["rules"].withheld,
            "organization_count": across["organization_count"],
        },
    )


@member_required(ACROSS, scope="platform")
def across_question(request, number):
    chosen = _question(number)
    period, period_form = _period(request)
    across = _across(request, period)
    scope = across["scope"]
    with evaluation_queries(scope):
        context = present(chosen.compute(scope), across=True, rules=across["rules"])
    context.update(
        period=period,
        period_form=period_form,
        filter_form=across["filter_form"],
        querystring=across["querystring"],
        across=True,
        withheld=across["rules"].withheld,
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
