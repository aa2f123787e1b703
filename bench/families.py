"""Benchmark of the family pages on PostgreSQL (a script, not a test).

    .venv/bin/python bench/families.py --families 2000
    .venv/bin/python bench/families.py --families 40000

It creates a throwaway PostgreSQL database, migrates it, fills it with one
organization, a manager (PG), 20 outreach workers (PTP) and N families (members,
contacts, consents, assignments, identity for a third of them), serves the
application with gunicorn, logs in as the PG through the real login and
two-factor forms, and times over HTTP: the family list, a search by code, a
search by nickname, a family page (and, beyond the issue, the last page of the
list). Searches are submitted the way the list's search form says (its method,
action and hidden fields: a POST with the CSRF token today). It then counts the
SQL queries of each page in-process (Django test client), prints a Markdown
table and drops the database, also on failure or `kill`. Timings are reported,
never asserted.

The secrets it needs are generated at each run and live only in its environment.
See docs/benchmarks.md for the results and how to read them.
"""

from __future__ import annotations

import argparse
import html
import http.client
import math
import os
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402  (Django-free, after the path)
    create_database,
    database_url,
    drop_database,
    nearest_rank,
    prepare_environment,
    vacuum_analyze,
)

PG_EMAIL = "gestion@banc.maillage.test"
BATCH = 5000
PAGE_SIZE = 25  # maillage.families.views.PAGE_SIZE, for the "last page" URL

FIRST_NAMES = [
    "Amélie", "Anaïs", "Annie", "Béatrice", "Camille", "Chloé", "Chantal", "Élodie", "Émilie",
    "Geneviève", "Hélène", "Isabelle", "Joëlle", "Josée", "Julie", "Karine", "Laurence", "Léa",
    "Lucie", "Mélanie", "Mélissa", "Nathalie", "Noémie", "Océane", "Rosalie", "Sophie", "Valérie",
    "Véronique", "Zoé", "Alexandre", "Benoît", "Cédric", "Denis", "Éric", "Étienne", "François",
    "Gabriel", "Jérôme", "Jonathan", "Louis", "Luc", "Mathieu", "Maxime", "Nicolas", "Olivier",
    "Patrick", "Philippe", "Samuel", "Sébastien", "Simon", "Stéphane", "Thierry", "Yannick",
    "Fatima", "Amina", "Mohamed", "Karim", "Nadia", "Aïcha", "Youssef", "Mamadou", "Awa",
    "Ngozi", "Nguyen", "Linh", "Wei", "Priya", "Rosa", "Carlos", "Daniela", "José",
]  # fmt: skip
STREETS = [
    "des Érables", "Principale", "Saint-Jean", "du Lac", "de l'Église", "Notre-Dame",
    "des Pins", "Papineau", "Beaubien", "Jarry", "de la Rivière", "du Moulin",
]  # fmt: skip
NOTES = [
    "Visite chaleureuse; la mère parle de la garderie.",
    "Appel bref, rappel la semaine prochaine.",
    "Accompagnement au CLSC pour le suivi du bébé.",
    "Discussion sur le logement, inquiétude pour l'hiver.",
    "Rencontre au parc avec les enfants.",
]
LANGUAGES = ["français", "français, anglais", "arabe, français", "espagnol", "créole, français"]


# --- Filling ----------------------------------------------------------------------------------


@dataclass
class Fill:
    organization: object = None
    manager: object = None
    families: list = field(default_factory=list)  # (uuid, code, nickname or "")
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def fill(count: int, seed: int) -> Fill:
    from maillage.accompaniment.models import Contact, Priority, Step
    from maillage.accounts.models import Role
    from maillage.core.fields import index_of
    from maillage.core.taxonomy import INTERVENTION_BITS, NEED_BITS, InterventionType, Need, bits_of
    from maillage.families.models import (
        Assignment,
        ClosureReason,
        Consent,
        ContextFactor,
        EntryPoint,
        Family,
        Isolation,
        Member,
        MemberRole,
        Status,
        StatusChange,
        Strength,
        new_family_code,
    )
    from maillage.families.services import normalize_phone
    from maillage.outreach.models import Strategy
    from maillage.testing import builders

    rng = random.Random(seed)
    today = date.today()
    result = Fill()
    started = time.perf_counter()

    region = builders.make_region()
    municipalities = [
        builders.make_municipality(region, name=f"Municipalité {n}") for n in range(1, 21)
    ]
    organization = builders.make_organization(
        "Maison des familles (banc d'essai)", region=region, identity_enabled=True
    )
    organization.municipalities.set(municipalities)
    manager = builders.make_member(
        organization, Role.PG, email=PG_EMAIL, name="Gestionnaire Banc"
    ).user
    # Workers never log in here: no password, so no slow hashing.
    workers = [
        builders.make_member(
            organization,
            Role.PTP,
            email=f"ptp{n}@banc.maillage.test",
            name=f"Intervenant·e {n}",
            password=None,
        ).user
        for n in range(1, 21)
    ]
    strategies = list(Strategy.objects.for_org(organization))
    result.organization, result.manager = organization, manager
    result.seconds["organization and people"] = time.perf_counter() - started

    statuses = [
        (Status.FIRST_CONTACT, 15),
        (Status.BUILDING_BOND, 20),
        (Status.ACCOMPANIED, 40),
        (Status.PAUSED, 10),
        (Status.CLOSED, 15),
    ]
    codes: set[str] = set()
    for start in range(0, count, BATCH):
        t0 = time.perf_counter()
        batch = []
        plans = []  # per family of the batch: worker, contact dates, members
        for number in range(start, min(start + BATCH, count)):
            code = new_family_code()
            while code in codes:
                code = new_family_code()
            codes.add(code)
            worker = workers[number % len(workers)]
            contact_dates = sorted(
                (today - timedelta(days=rng.randint(0, 730)) for _ in range(rng.randint(5, 15))),
                reverse=True,
            )
            status = _weighted(rng, statuses)
            municipality = municipalities[number % len(municipalities)]
            family = Family(
                organization=organization,
                code=code,
                status=status,
                status_changed_on=today - timedelta(days=rng.randint(0, 365)),
                closure_reason=ClosureReason.MOVED if status == Status.CLOSED else "",
                entry_point=rng.choice(EntryPoint.values),
                origin_strategy=rng.choice(strategies),
                municipality=municipality,
                milieu=organization.milieu,
                languages=rng.choice(LANGUAGES),
                interpreter_needed=rng.random() < 0.1,
                francisation=rng.random() < 0.15,
                isolation=rng.sample(Isolation.values, rng.randint(1, 3)),
                strengths=rng.sample(Strength.values, rng.randint(1, 2)),
                context_factors=rng.sample(ContextFactor.values, rng.randint(0, 2)),
                last_contact_on=contact_dates[0],
                created_by=worker,
            )
            # The milestones of the two status changes written below (no random draw).
            family.opened_on = contact_dates[-1]
            if status == Status.ACCOMPANIED:
                family.accompanied_on = family.status_changed_on
            if number % 3 == 0:  # identity for a third of the families
                first = FIRST_NAMES[number % len(FIRST_NAMES)]
                family.nickname = f"{first} {number // len(FIRST_NAMES) + 1}"
                area = ("450", "514", "819", "438")[number % 4]
                family.phone = f"{area} {200 + number // 10000:03d}-{number % 10000:04d}"
                family.address = (
                    f"{100 + number % 900}, rue {STREETS[number % len(STREETS)]}, "
                    f"{municipality.name}"
                )
                family.nickname_index = index_of(family.nickname)
                family.phone_index = index_of(normalize_phone(family.phone))
            batch.append(family)
            plans.append((worker, contact_dates))
        Family.objects.bulk_create(batch, batch_size=BATCH)
        _count(result, "families", len(batch))
        _seconds(result, "families", t0)

        t0 = time.perf_counter()
        members, consents, assignments, changes = [], [], [], []
        for family, (worker, contact_dates) in zip(batch, plans, strict=True):
            members.append(
                Member(family=family, role=MemberRole.PARENT, birth_year=rng.randint(1975, 2002))
            )
            for _ in range(rng.choice((1, 2, 2, 3))):
                members.append(
                    Member(
                        family=family,
                        role=MemberRole.CHILD,
                        birth_year=rng.randint(today.year - 12, today.year),
                        birth_month=rng.randint(1, 12),
                    )
                )
            first_day = contact_dates[-1]
            consents.append(
                Consent(
                    family=family,
                    purpose="file",
                    method="verbal",
                    text_version="2026-01",
                    given_on=first_day,
                    recorded_by=worker,
                )
            )
            if family.nickname:
                consents.append(
                    Consent(
                        family=family,
                        purpose="identity",
                        method="verbal",
                        text_version="2026-01",
                        given_on=first_day,
                        recorded_by=worker,
                    )
                )
            assignments.append(Assignment(family=family, worker=worker, since=first_day))
            changes.append(
                StatusChange(
                    family=family,
                    to_status=Status.FIRST_CONTACT,
                    changed_on=first_day,
                    changed_by=worker,
                )
            )
            if family.status != Status.FIRST_CONTACT:
                changes.append(
                    StatusChange(
                        family=family,
                        from_status=Status.FIRST_CONTACT,
                        to_status=family.status,
                        reason=family.closure_reason,
                        changed_on=family.status_changed_on,
                        changed_by=worker,
                    )
                )
        for model, rows, name in (
            (Member, members, "members"),
            (Consent, consents, "consents"),
            (Assignment, assignments, "assignments"),
            (StatusChange, changes, "status changes"),
        ):
            model.objects.bulk_create(rows, batch_size=BATCH)
            _count(result, name, len(rows))
        _seconds(result, "members, consents, assignments, statuses", t0)

        t0 = time.perf_counter()
        contacts = []
        for family, (worker, contact_dates) in zip(batch, plans, strict=True):
            for day in contact_dates:
                contact = Contact(
                    family=family,
                    organization=organization,  # bulk_create skips Contact.save()
                    worker=worker,
                    date=day,
                    mode=rng.choice(("home_visit", "public_place", "phone", "appointment")),
                    duration_minutes=rng.choice((15, 30, 45, 60, 90)),
                    travel_minutes=rng.choice((0, 10, 20, 40)),
                    distance_km=rng.choice((0, 4, 12, 35)),
                    needs=rng.sample(Need.values, rng.randint(1, 3)),
                    interventions=rng.sample(InterventionType.values, rng.randint(1, 2)),
                    note=rng.choice(NOTES) if rng.random() < 0.2 else "",
                )
                # The copies of the lists as bits, which save() would set.
                contact.needs_bits = bits_of(contact.needs, NEED_BITS)
                contact.interventions_bits = bits_of(contact.interventions, INTERVENTION_BITS)
                contacts.append(contact)
                if len(contacts) >= BATCH:
                    Contact.objects.bulk_create(contacts, batch_size=BATCH)
                    _count(result, "contacts", len(contacts))
                    contacts = []
        Contact.objects.bulk_create(contacts, batch_size=BATCH)
        _count(result, "contacts", len(contacts))
        _seconds(result, "contacts", t0)

        t0 = time.perf_counter()
        accompanied = [f for f in batch if f.status == Status.ACCOMPANIED]
        priorities = Priority.objects.bulk_create(
            [
                Priority(family=f, title="Trouver une place en garderie", need="childcare")
                for f in accompanied
            ],
            batch_size=BATCH,
        )
        steps = []
        for priority in priorities:
            steps.append(
                Step(
                    priority=priority,
                    description="Appeler le CPE du quartier",
                    status="done",
                    done_on=today - timedelta(days=rng.randint(1, 60)),
                )
            )
            steps.append(
                Step(
                    priority=priority,
                    description="Remplir la demande à la Place 0-5",
                    due_on=today + timedelta(days=rng.randint(1, 30)),
                )
            )
        Step.objects.bulk_create(steps, batch_size=BATCH)
        _count(result, "plan priorities", len(priorities))
        _count(result, "plan steps", len(steps))
        _seconds(result, "plans", t0)

        result.families.extend((f.uuid, f.code, f.nickname) for f in batch)
        done = min(start + BATCH, count)
        elapsed = time.perf_counter() - started
        print(f"  … {done:,} families ({elapsed:.0f} s)", flush=True)
    return result


def _count(result: Fill, name: str, amount: int) -> None:
    result.counts[name] = result.counts.get(name, 0) + amount


def _seconds(result: Fill, name: str, since: float) -> None:
    result.seconds[name] = result.seconds.get(name, 0.0) + time.perf_counter() - since


# --- HTTP -------------------------------------------------------------------------------------


class Browser:
    """A minimal HTTP client with a cookie jar: one connection per request, as gunicorn's
    sync workers close the connection after each response anyway."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "fr-CA"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        elapsed = time.perf_counter() - started
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                self.cookies[cookie_name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), content, elapsed


def _csrf_token(content: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    if not found:
        raise RuntimeError("No CSRF token in the form.")
    return found.group(1).decode()


def log_in(browser: Browser) -> None:
    """Through the real forms: e-mail and password, then the TOTP code."""
    from maillage.testing import builders

    status, _, content, _ = browser.request("GET", "/comptes/login/")
    if status != 200:
        raise RuntimeError(f"The login page answered {status}.")
    status, location, _, _ = browser.request(
        "POST",
        "/comptes/login/",
        {
            "csrfmiddlewaretoken": _csrf_token(content),
            "login": PG_EMAIL,
            "password": builders.PASSWORD,
        },
    )
    if status != 302 or "/2fa/authenticate/" not in location:
        raise RuntimeError(f"The login form answered {status} → {location!r}.")
    status, _, content, _ = browser.request("GET", "/comptes/2fa/authenticate/")
    status, location, _, _ = browser.request(
        "POST",
        "/comptes/2fa/authenticate/",
        {
            "csrfmiddlewaretoken": _csrf_token(content),
            "code": builders.current_totp_code(builders.TOTP_SECRET),
        },
    )
    if status != 302 or "2fa" in location or "login" in location:
        raise RuntimeError(f"The two-factor form answered {status} → {location!r}.")
    status, location, _, _ = browser.request("GET", "/familles/")
    if status != 200:
        raise RuntimeError(f"After logging in, /familles/ answered {status} → {location!r}.")


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, log_path: Path) -> subprocess.Popen:
    log = log_path.open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "maillage.wsgi:application",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (code {process.returncode}); see {log_path}.")
        try:
            with closing(socket.create_connection(("127.0.0.1", port), timeout=1)):
                return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start within 60 s.")


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- Measuring --------------------------------------------------------------------------------


@dataclass
class Call:
    """One request: a GET, or a POST of a form (the search box may be either)."""

    method: str
    path: str
    form: dict | None = None
    expect: bytes = b""  # must be in the page (the code of the family looked for)

    def __str__(self):
        if self.form and "q" in self.form:
            return f"{self.method} {self.path} q={self.form['q']!r}"
        return f"{self.method} {self.path}"


@dataclass
class Page:
    name: str
    calls: list[Call]  # cycled through: a different family or code each time
    timings: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    queries: tuple[int, int] | None = None  # fewest and most over the sampled calls
    sql_ms: float | None = None
    slowest: list[tuple[float, str]] = field(default_factory=list)
    extra: bool = False  # beyond the four pages the issue names


@dataclass
class SearchForm:
    """The family list's search box as the page offers it: its method, action, hidden fields."""

    method: str
    action: str
    hidden: dict

    @classmethod
    def read(cls, content: bytes) -> SearchForm:
        page = content.decode("utf-8", errors="replace")
        found = re.search(r"<form\b([^>]*\brole=\"search\"[^>]*)>(.*?)</form>", page, re.S)
        if not found:
            raise RuntimeError("No search form (role=search) on the family list.")
        attributes, body = found.groups()
        method = re.search(r'\bmethod="(\w+)"', attributes)
        action = re.search(r'\baction="([^"]*)"', attributes)
        hidden = {
            html.unescape(name): html.unescape(value)
            for name, value in re.findall(
                r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body
            )
        }
        return cls(
            method=(method.group(1) if method else "get").upper(),
            action=html.unescape(action.group(1)) if action and action.group(1) else "/familles/",
            hidden=hidden,
        )

    def search(self, text: str, expect: str) -> Call:
        if self.method == "POST":
            return Call("POST", self.action, {**self.hidden, "q": text}, expect.encode())
        return Call("GET", f"{self.action}?q={quote(text)}", None, expect.encode())


PAGES = ("list", "code", "nickname", "family", "last")


def pages(result: Fill, form: SearchForm, requests: int, warmup: int, seed: int) -> dict:
    rng = random.Random(seed + 1)
    needed = requests + warmup
    anyone = rng.sample(result.families, min(needed, len(result.families)))
    named = [f for f in result.families if f[2]]
    named = rng.sample(named, min(needed, len(named)))
    last_page = math.ceil(len(result.families) / PAGE_SIZE)
    return {
        "list": Page("Family list", [Call("GET", "/familles/")]),
        "code": Page("Search by code", [form.search(code, code) for _, code, _ in anyone]),
        "nickname": Page(
            "Search by nickname", [form.search(nickname, code) for _, code, nickname in named]
        ),
        "family": Page(
            "Family page",
            [Call("GET", f"/familles/{uuid}/", expect=code.encode()) for uuid, code, _ in anyone],
        ),
        "last": Page(
            f"List, last page ({last_page})",
            [Call("GET", f"/familles/?page={last_page}")],
            extra=True,
        ),
    }


def measure_http(browser: Browser, targets: list[Page], requests: int, warmup: int) -> None:
    """Round-robin over the pages, so that a disturbance of the machine hits them all alike."""
    for round_number in range(warmup + requests):
        for page in targets:
            call = page.calls[round_number % len(page.calls)]
            status, location, content, elapsed = browser.request(call.method, call.path, call.form)
            problem = ""
            if status != 200:
                problem = f"{call} → {status} {location}"
            elif call.expect and call.expect not in content:
                problem = f"{call}: the expected family is not on the page"
            if round_number < warmup:
                if problem:
                    page.failures.append(f"(warm-up) {problem}")
                continue
            page.timings.append(elapsed * 1000)
            if problem:
                page.failures.append(problem)


class QueryLog:
    """Every SQL query of a block, with its own timer (Django's capture rounds to the ms)."""

    def __init__(self, connection):
        self.connection = connection
        self.queries: list[tuple[float, str]] = []  # (ms, SQL as sent)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            try:
                sent = self.connection.ops.last_executed_query(context["cursor"], sql, params)
            except Exception:  # only for display
                sent = sql
            self.queries.append((elapsed, sent))


def compact(sql: str) -> str:
    """A query without its column list, for reading."""
    sql = re.sub(r"^SELECT (DISTINCT )?.*? FROM ", r"SELECT \1… FROM ", sql, flags=re.S)
    sql = re.sub(r"'[^']{40,}'", "'…'", sql)  # session data, index values
    return sql


def count_queries(result: Fill, targets: list[Page], explain: bool, show: bool) -> None:
    """In-process, the same URLs through Django's test client: queries and their time."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(
        result.manager, backend="allauth.account.auth_backends.AuthenticationBackend"
    )
    for page in targets:
        runs = []
        for call in page.calls[:5]:
            log = QueryLog(connection)
            with connection.execute_wrapper(log):
                if call.method == "POST":
                    response = client.post(call.path, call.form)
                else:
                    response = client.get(call.path)
            if response.status_code != 200:
                page.failures.append(f"in-process {call} → {response.status_code}")
                continue
            if call.expect and call.expect not in response.content:
                page.failures.append(f"in-process {call}: the expected family is not on the page")
            runs.append(log.queries)
        if not runs:
            continue
        last = runs[-1]
        page.queries = (min(len(run) for run in runs), max(len(run) for run in runs))
        page.sql_ms = statistics.median(sum(ms for ms, _ in run) for run in runs)
        page.slowest = sorted(last, reverse=True)[:3]
        if show:
            print(f"\n#### Queries of {page.name} ({len(last)})\n")
            for ms, sql in last:
                print(f"- {ms:.2f} ms: `{compact(sql)[:400]}`")
        if explain:
            print(f"\n#### EXPLAIN of {page.name}: {page.calls[min(4, len(page.calls) - 1)]}\n")
            with connection.cursor() as cursor:
                for ms, sql in page.slowest:
                    if not sql.lstrip().upper().startswith("SELECT"):
                        continue
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                    print(f"{ms:.2f} ms: `{compact(sql)}`\n\n```\n{plan}\n```\n")


def environment_summary() -> str:
    """The machine, the database server and the code measured."""
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    try:
        git = ["git", "-C", str(ROOT)]
        commit = subprocess.run(  # noqa: S603 - fixed arguments
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603 - fixed arguments
            [*git, "status", "--porcelain", "--", "maillage"], capture_output=True, text=True
        ).stdout.strip()
        code = f"{commit}{' + uncommitted changes under maillage/' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        code = "unknown"
    return (
        f"{os.cpu_count()} CPUs{memory}; PostgreSQL {server} on 127.0.0.1; "
        f"Python {sys.version.split()[0]}, Django {django.get_version()}; "
        f"gunicorn -w 2 (sync); code {code}"
    )


class CpuWatch:
    """How busy the machine was while measuring, and how much of it was this benchmark's
    client and gunicorn (PostgreSQL's share is not separated from other work)."""

    def __init__(self, server_pid: int):
        self.server_pid = server_pid
        self.started = time.monotonic()
        self.machine = self._machine()
        self.own = self._own()

    @staticmethod
    def _machine() -> tuple[int, int]:
        try:
            first = Path("/proc/stat").read_text().split("\n", 1)[0]
            fields = [int(v) for v in first.split()[1:]]
        except (OSError, ValueError):
            return (0, 0)
        user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
        busy = user + nice + system + irq + softirq + steal
        return busy, busy + idle + iowait

    @staticmethod
    def _process_tree(pid: int) -> float:
        """CPU seconds of a process and its live children (gunicorn's master and workers)."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except (OSError, ValueError, IndexError):
            return total
        return total + sum(CpuWatch._process_tree(int(child)) for child in children)

    def _own(self) -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime + self._process_tree(self.server_pid)

    def summary(self) -> str:
        """Call while gunicorn still runs."""
        seconds = time.monotonic() - self.started
        busy, total = (a - b for a, b in zip(self._machine(), self.machine, strict=True))
        own = self._own() - self.own
        cpus = os.cpu_count() or 1
        machine = f"{100 * busy / total:.0f} %" if total else "unknown"
        share = 100 * own / (seconds * cpus)
        return (
            f"CPU during the HTTP measures ({seconds:.0f} s, {cpus} CPUs): the machine was "
            f"{machine} busy, this benchmark's client and gunicorn {share:.0f} % "
            "(the rest: PostgreSQL, and any other work on the machine)"
        )


def report(args, result: Fill, fill_seconds: float, targets: list[Page], machine, load) -> None:
    print(f"\n### {args.families:,} families\n")
    print(f"{machine}.\n")
    print(f"{load}\n")
    rows = ", ".join(f"{name}: {amount:,}" for name, amount in result.counts.items())
    print(f"Rows: {rows}.\n")
    parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.seconds.items())
    print(f"Fill: {fill_seconds:.1f} s ({parts}).\n")
    print(
        "| Page | Requests | p50 (ms) | p95 (ms) | max (ms) | SQL queries | SQL time (ms) |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for page in targets:
        if not page.timings:
            print(f"| {page.name} | 0 | — | — | — | — | — |")
            continue
        if page.queries is None:
            queries = "—"
        else:
            fewest, most = page.queries
            queries = str(fewest) if fewest == most else f"{fewest}–{most}"
        sql_ms = "—" if page.sql_ms is None else f"{page.sql_ms:.1f}"
        name = f"{page.name} *" if page.extra else page.name
        print(
            f"| {name} | {len(page.timings)} | {nearest_rank(page.timings, 50):.1f} "
            f"| {nearest_rank(page.timings, 95):.1f} | {max(page.timings):.1f} "
            f"| {queries} | {sql_ms} |"
        )
    print(
        "\n\\* Not one of the four pages of the issue: the deepest page of the unfiltered list."
        "\n\nSQL queries and SQL time: the first 5 URLs of each row again, in-process (Django test"
        " client): the number of queries (fewest–most) and the median of their summed time."
    )
    for page in targets:
        if page.slowest:
            ms, sql = page.slowest[0]
            print(f"\n- {page.name}, slowest query ({ms:.1f} ms): `{compact(sql)[:300]}`")
    failures = [f"{page.name}: {problem}" for page in targets for problem in page.failures]
    if failures:
        print(f"\n**{len(failures)} failed requests** (first 10):\n")
        for problem in failures[:10]:
            print(f"- {problem}")


# --- Main -------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=100, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured requests per page")
    parser.add_argument("--database", default="maillage_bench")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest queries"
    )
    parser.add_argument(
        "--show-queries", action="store_true", help="print every SQL query of each page"
    )
    parser.add_argument(
        "--pages",
        type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
        default=list(PAGES),
        help=f"which pages, comma-separated (default: all of {','.join(PAGES)})",
    )
    args = parser.parse_args()
    if unknown := set(args.pages) - set(PAGES):
        parser.error(f"--pages: unknown {', '.join(sorted(unknown))}")

    if args.families < 1:
        parser.error("--families must be at least 1")
    # A plain `kill` (or Ctrl-C) still runs the clean-up below: server stopped, database dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    var_dir = tempfile.mkdtemp(prefix="maillage-bench-")
    prepare_environment(database_url(args.database), MAILLAGE_VAR_DIR=var_dir)
    server = None
    print(f"Database {args.database} (dropped at the end); {args.families:,} families.")
    create_database(args.database)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)

        started = time.perf_counter()
        result = fill(args.families, args.seed)
        fill_seconds = time.perf_counter() - started
        connections.close_all()
        t0 = time.perf_counter()
        vacuum_analyze(args.database)
        result.seconds["vacuum analyze"] = time.perf_counter() - t0
        print(f"Filled in {fill_seconds:.1f} s (+ VACUUM ANALYZE).", flush=True)

        port = free_port()
        server = start_gunicorn(port, Path(var_dir) / "gunicorn.log")
        browser = Browser(port)
        log_in(browser)
        _, _, content, _ = browser.request("GET", "/familles/")
        offered = pages(result, SearchForm.read(content), args.requests, args.warmup, args.seed)
        targets = [offered[name] for name in args.pages]
        watch = CpuWatch(server.pid)
        measure_http(browser, targets, args.requests, args.warmup)
        load = watch.summary()
        stop(server)
        server = None

        count_queries(result, targets, args.explain, args.show_queries)
        machine = environment_summary()
        connections.close_all()
        report(args, result, fill_seconds, targets, machine, load)
        return 0
    except BaseException:
        log = Path(var_dir) / "gunicorn.log"
        if log.exists():
            print("--- gunicorn log (end) ---", file=sys.stderr)
            print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
        raise
    finally:
        stop(server)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 - Django may not be set up yet
            pass
        drop_database(args.database)
        shutil.rmtree(var_dir, ignore_errors=True)
        print(f"Database {args.database} dropped.", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
