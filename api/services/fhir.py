"""A consented member as a FHIR R4 Bundle, for the partner clinic the member consented to.

The bundle is built from FHIR R4 (4.0.1) resources. Tests validate it with `fhir.resources.R4B`,
the R4 line's 4.3.0 release, because fhir.resources ships R4B and R5 but not R4 4.0.1: Patient,
Organization, Consent, CarePlan, Goal, QuestionnaireResponse and Observation, and every element
used here, are the same in R4 and R4B.

What the bundle holds follows the consent: Patient, Organization (the clinic) and Consent always;
CarePlan and Goal with plans:read; QuestionnaireResponse and Observation with checkins:read.

Privacy:
- The member appears only as the clinic's pseudonymous id (`ClinicPatient.id`). The real member
  id, name and email never appear: a second clinic has its own pseudonym and cannot link the two.
- Check-in notes are never shared with clinics, so they are left out of the QuestionnaireResponse.

Every resource's `fullUrl` is `urn:uuid:<id>` and every reference points at one of those, so
references resolve inside the bundle (a relative `Patient/<id>` resolves only against a RESTful
fullUrl, which a bundle that is not from a FHIR server does not have). Observation ids are derived
from the check-in id, so exporting the same check-in twice gives the same ids and a clinic can
update rather than duplicate.

The Bundle type is `collection`, not `searchset`: this is a set of one patient's resources
handed over together, not the result of a FHIR search (there is no search mode, paging or total).
"""

import datetime as dt
import html
import uuid

from api.db import utcnow
from api.models.clinics import Clinic, ClinicPatient, ClinicScope, Consent, ConsentStatus
from api.models.coaching_plans import CheckIn, CoachingPlan, Goal, GoalStatus, PlanStatus, Step
from api.services.instruments import INSTRUMENTS

LOINC = "http://loinc.org"
# LOINC codes for questionnaire totals. WHO-5 and BARC-10 totals have no LOINC code we could
# confirm, so they use Peerway's code system with mood and craving.
LOINC_PHQ9_TOTAL = "44261-6"
LOINC_GAD7_TOTAL = "70274-6"
LOINC_PATIENT_CONSENT = "59284-0"

PEERWAY_CHECK_IN_CODES = "https://peerway.org/fhir/CodeSystem/check-in"
PEERWAY_CLINIC_SCOPES = "https://peerway.org/fhir/CodeSystem/clinic-scope"
PEERWAY_CHECK_IN_QUESTIONNAIRE = "https://peerway.org/fhir/Questionnaire/check-in"
PEERWAY_GOAL_PROGRESS = "https://peerway.org/fhir/StructureDefinition/goal-progress-percent"

OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction"
V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
V3_PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
RESOURCE_TYPES = "http://hl7.org/fhir/resource-types"
URI_IDENTIFIER = "urn:ietf:rfc:3986"  # the identifier system for identifiers that are URIs

PLAN_STATUS = {
    PlanStatus.DRAFT: "draft",
    PlanStatus.ACTIVE: "active",
    PlanStatus.PAUSED: "on-hold",
    PlanStatus.COMPLETED: "completed",
}
# (lifecycleStatus, achievementStatus); a goal not yet started has no achievement to report.
# A goal set aside can be taken up again in Peerway, so it is on hold rather than cancelled.
GOAL_STATUS = {
    GoalStatus.NOT_STARTED: ("planned", None),
    GoalStatus.IN_PROGRESS: ("active", ("in-progress", "In Progress")),
    GoalStatus.ACHIEVED: ("completed", ("achieved", "Achieved")),
    GoalStatus.SET_ASIDE: ("on-hold", None),
}
# Peerway's consent statuses in FHIR R4's (draft | proposed | active | rejected | inactive).
CONSENT_STATUS = {
    ConsentStatus.PROPOSED: "proposed",
    ConsentStatus.ACTIVE: "active",
    ConsentStatus.DECLINED: "rejected",
    ConsentStatus.REVOKED: "inactive",
}
# The FHIR resource types each scope lets the clinic read (attendance has none in this bundle).
SCOPE_RESOURCE_TYPES = {
    ClinicScope.MEMBERS_READ: ("Patient",),
    ClinicScope.PLANS_READ: ("CarePlan", "Goal"),
    ClinicScope.CHECKINS_READ: ("QuestionnaireResponse", "Observation"),
}
# Check-in totals that become Observations: (CheckIn column, code system, code, display).
TOTALS = (
    ("phq9_total", LOINC, LOINC_PHQ9_TOTAL, "Patient Health Questionnaire 9 item (PHQ-9) total score"),
    ("gad7_total", LOINC, LOINC_GAD7_TOTAL, "Generalized anxiety disorder 7 item (GAD-7) total score"),
    ("who5_score", PEERWAY_CHECK_IN_CODES, "who5-index", "WHO-5 Well-Being Index (0-100)"),
    ("barc10_total", PEERWAY_CHECK_IN_CODES, "barc10-total", "BARC-10 recovery capital total (10-60)"),
)

Plans = list[tuple[CoachingPlan, list[tuple[Goal, list[Step]]]]]


def member_bundle(
    clinic: Clinic,
    patient: ClinicPatient,
    consent: Consent,
    plans: Plans | None,
    check_ins: list[CheckIn] | None,
    now: dt.datetime | None = None,
) -> dict:
    """The member as a FHIR R4 Bundle (a JSON-able dict) for `clinic`.

    `plans` and `check_ins` are None when the consent (or the clinic's token) does not cover them.
    Each is also left out when the consent's scopes lack it, whatever is passed, so a caller's
    slip cannot widen what the member agreed to.
    """
    now = now or utcnow()
    patient_ref = _reference("Patient", patient.id)
    resources = [
        _patient(patient, clinic),
        _organization(clinic),
        _consent(consent, clinic, patient_ref, now),
    ]
    plan_ids = set()
    if plans is not None and ClinicScope.PLANS_READ in consent.scopes:
        for plan, goals in plans:
            plan_ids.add(plan.id)
            resources.append(_care_plan(plan, goals, patient_ref))
            resources.extend(_goal(goal, patient_ref) for goal, _steps in goals)
    if check_ins is not None and ClinicScope.CHECKINS_READ in consent.scopes:
        for check_in in check_ins:
            # Point at the plan only when it is in the bundle, so every reference resolves.
            plan_ref = _reference("CarePlan", check_in.plan_id) if check_in.plan_id in plan_ids else None
            response = _questionnaire_response(check_in, patient_ref, plan_ref)
            resources.append(response)
            resources.extend(_observations(check_in, patient_ref, _reference_to(response)))
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": _datetime(now),
        "entry": [{"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource} for resource in resources],
    }


# --- Who: the pseudonymous patient and the clinic ---------------------------------------------


def _patient(patient: ClinicPatient, clinic: Clinic) -> dict:
    """Only the pseudonymous id, and the clinic's own reference for its patient when it gave one."""
    identifiers = [{"system": URI_IDENTIFIER, "value": f"urn:uuid:{patient.id}"}]
    if patient.patient_reference:
        identifiers.append(
            {
                "use": "usual",
                "value": patient.patient_reference,
                "assigner": _reference("Organization", clinic.id, display=clinic.name),
            }
        )
    return {"resourceType": "Patient", "id": str(patient.id), "identifier": identifiers}


def _organization(clinic: Clinic) -> dict:
    organization = {"resourceType": "Organization", "id": str(clinic.id), "active": True, "name": clinic.name}
    # The organisation's own contact details, never a person's.
    telecom = []
    if clinic.website:
        telecom.append({"system": "url", "value": clinic.website, "use": "work"})
    if clinic.contact_email:
        telecom.append({"system": "email", "value": clinic.contact_email, "use": "work"})
    if telecom:
        organization["telecom"] = telecom
    if clinic.region:
        organization["address"] = [{"country": clinic.region}]
    return organization


# --- The consent ------------------------------------------------------------------------------


def _consent(consent: Consent, clinic: Clinic, patient_ref: dict, now: dt.datetime) -> dict:
    resource = {
        "resourceType": "Consent",
        "id": str(consent.id),
        "status": _consent_status(consent, now),
        "scope": _concept(CONSENT_SCOPE, "patient-privacy", "Privacy Consent"),
        "category": [_concept(LOINC, LOINC_PATIENT_CONSENT, "Patient Consent")],
        "patient": patient_ref,
        "dateTime": _datetime(consent.signed_at or consent.created_at),
        # The member gives the consent; Peerway holds it and discloses on the member's behalf.
        "performer": [patient_ref],
        "organization": [{"display": consent.discloser}],
        # R4 requires a policy or policy rule: this is an opt-in consent.
        "policyRule": _concept(V3_ACT_CODE, "OPTIN", "opt-in"),
        "provision": _consent_provision(consent, clinic),
    }
    resource["text"] = _consent_narrative(consent, clinic)
    return resource


def _consent_status(consent: Consent, now: dt.datetime) -> str:
    # An active consent past its expiry no longer shares anything: R4 calls that inactive.
    if consent.status == ConsentStatus.ACTIVE and not consent.is_in_force(now):
        return "inactive"
    return CONSENT_STATUS[ConsentStatus(consent.status)]


def _consent_provision(consent: Consent, clinic: Clinic) -> dict:
    """Permit disclosure to the clinic (the information recipient) of the consented scopes."""
    period = {"end": _datetime(consent.expires_at)}
    if consent.signed_at:
        period["start"] = _datetime(consent.signed_at)
    resource_types = [kind for scope in consent.scopes for kind in SCOPE_RESOURCE_TYPES.get(scope, ())]
    provision = {
        "type": "permit",
        "period": period,
        "actor": [
            {
                "role": _concept(V3_PARTICIPATION_TYPE, "IRCP", "information recipient"),
                "reference": _reference("Organization", clinic.id, display=clinic.name),
            }
        ],
        "action": [_concept(CONSENT_ACTION, "disclose", "Disclose")],
        "code": [_concept(PEERWAY_CLINIC_SCOPES, scope, scope) for scope in consent.scopes],
    }
    if resource_types:
        provision["class"] = [{"system": RESOURCE_TYPES, "code": kind} for kind in resource_types]
    return provision


def _consent_narrative(consent: Consent, clinic: Clinic) -> dict:
    """Purpose and expiry event are the member's own words with no code to carry them: the
    narrative says them ("additional": it holds what the structured data does not)."""
    lines = [
        f"Disclosure to {clinic.name} by {consent.discloser}.",
        f"Purpose: {consent.purpose}",
        f"Shared: {', '.join(consent.scopes)}.",
        f"Until {consent.expires_at.date().isoformat()}"
        + (f", or earlier {consent.expiry_event}." if consent.expiry_event else "."),
    ]
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return {"status": "additional", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{paragraphs}</div>'}


# --- Plans and goals (plans:read) -------------------------------------------------------------


def _care_plan(plan: CoachingPlan, goals: list[tuple[Goal, list[Step]]], patient_ref: dict) -> dict:
    resource = {
        "resourceType": "CarePlan",
        "id": str(plan.id),
        "status": PLAN_STATUS[PlanStatus(plan.status)],
        "intent": "plan",
        "title": plan.title,
        "subject": patient_ref,
        "created": _datetime(plan.created_at),
        "goal": [_reference("Goal", goal.id) for goal, _steps in goals],
        # Steps are the member's own actions towards a goal, so each is an activity of the plan.
        "activity": [{"detail": _step_detail(step, goal)} for goal, steps in goals for step in steps],
    }
    # Focus areas are free text chosen by the member and coach: no code system fits them.
    if plan.focus_areas:
        resource["category"] = [{"text": str(area)} for area in plan.focus_areas]
    # A plan runs from its start to its review, where it is renewed or closed.
    period = _drop_empty({"start": _date(plan.start_date), "end": _date(plan.review_date)})
    if period:
        resource["period"] = period
    return _drop_empty(resource)


def _step_detail(step: Step, goal: Goal) -> dict:
    detail = {
        "status": "completed" if step.done_at else "not-started",
        "description": step.title,
        "goal": [_reference("Goal", goal.id)],
    }
    if step.due_date:
        detail["scheduledPeriod"] = {"end": _date(step.due_date)}
    return detail


def _goal(goal: Goal, patient_ref: dict) -> dict:
    lifecycle, achievement = GOAL_STATUS[GoalStatus(goal.status)]
    resource = {
        "resourceType": "Goal",
        "id": str(goal.id),
        "lifecycleStatus": lifecycle,
        "description": {"text": goal.what},
        "subject": patient_ref,
        "extension": [{"url": PEERWAY_GOAL_PROGRESS, "valueInteger": goal.progress_percent}],
    }
    if achievement:
        resource["achievementStatus"] = _concept(GOAL_ACHIEVEMENT, *achievement)
    if goal.achieved_at:
        resource["statusDate"] = _date(goal.achieved_at.date())
    target = _drop_empty(
        {"measure": {"text": goal.measure} if goal.measure else None, "dueDate": _date(goal.target_date)}
    )
    if target:
        resource["target"] = [target]
    if goal.why:
        resource["note"] = [{"text": f"Why it matters: {goal.why}"}]
    return resource


# --- Check-ins (checkins:read) ----------------------------------------------------------------


def _questionnaire_response(check_in: CheckIn, patient_ref: dict, plan_ref: dict | None) -> dict:
    """The check-in's answers item by item; the member's note is never included."""
    items = [
        _answer_item("mood", "Mood (1-10)", {"valueInteger": check_in.mood}),
        _answer_item("craving", "Craving (0-10)", {"valueInteger": check_in.craving}),
    ]
    if check_in.feels_safe is not None:
        items.append(
            _answer_item("feels-safe", "I feel safe right now", {"valueBoolean": check_in.feels_safe})
        )
    items.extend(_instrument_group(key, answers) for key, answers in (check_in.answers or {}).items())
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": str(check_in.id),
        "questionnaire": PEERWAY_CHECK_IN_QUESTIONNAIRE,
        "status": "completed",
        "subject": patient_ref,
        "authored": _datetime(check_in.created_at),
        "author": patient_ref,  # self-reported
        "item": items,
    }
    if plan_ref:
        resource["basedOn"] = [plan_ref]
    return resource


def _instrument_group(key: str, answers: list[int]) -> dict:
    name = INSTRUMENTS[key].name if key in INSTRUMENTS else key
    return {
        "linkId": key,
        "text": name,
        "item": [
            _answer_item(f"{key}-{number}", f"{name} item {number}", {"valueInteger": answer})
            for number, answer in enumerate(answers, start=1)
        ],
    }


def _answer_item(link_id: str, text: str, answer: dict) -> dict:
    return {"linkId": link_id, "text": text, "answer": [answer]}


def _observations(check_in: CheckIn, patient_ref: dict, response_ref: dict) -> list[dict]:
    """One Observation per measure, each derived from the check-in's QuestionnaireResponse."""

    def observation(code: str, system: str, display: str, value: dict) -> dict:
        return {
            "resourceType": "Observation",
            # Stable per check-in and measure, so a re-export updates rather than duplicates.
            "id": str(uuid.uuid5(check_in.id, f"Observation/{code}")),
            "status": "final",
            "category": [_concept(OBSERVATION_CATEGORY, "survey", "Survey")],
            "code": _concept(system, code, display),
            "subject": patient_ref,
            "effectiveDateTime": _datetime(check_in.created_at),
            "derivedFrom": [response_ref],
            **value,
        }

    observations = [
        observation("mood", PEERWAY_CHECK_IN_CODES, "Mood (1-10)", {"valueInteger": check_in.mood}),
        observation("craving", PEERWAY_CHECK_IN_CODES, "Craving (0-10)", {"valueInteger": check_in.craving}),
        observation(
            "risk-flag",
            PEERWAY_CHECK_IN_CODES,
            "Risk signal (PHQ-9 item 9 above 0, or not feeling safe)",
            {"valueBoolean": bool(check_in.risk_flag)},
        ),
    ]
    for column, system, code, display in TOTALS:
        total = getattr(check_in, column)
        if total is not None:
            observations.append(observation(code, system, display, {"valueInteger": total}))
    return observations


# --- Data types -------------------------------------------------------------------------------


def _reference(resource_type: str, resource_id: uuid.UUID, display: str | None = None) -> dict:
    reference = {"reference": f"urn:uuid:{resource_id}", "type": resource_type}
    if display:
        reference["display"] = display
    return reference


def _reference_to(resource: dict) -> dict:
    return _reference(resource["resourceType"], resource["id"])


def _concept(system: str, code: str, display: str) -> dict:
    return {"coding": [{"system": system, "code": code, "display": display}]}


def _datetime(value: dt.datetime) -> str:
    # Stored times are UTC; FHIR requires an offset on any dateTime with a time.
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _drop_empty(values: dict) -> dict:
    """FHIR forbids empty elements: no nulls, empty lists or empty objects."""
    return {key: value for key, value in values.items() if value not in (None, [], {})}
