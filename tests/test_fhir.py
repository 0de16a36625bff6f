"""The FHIR R4 export of a consented member, validated with fhir.resources' R4B models.

fhir.resources ships R4B (4.3.0) and R5 but not R4 4.0.1; the resources exported are the same in
R4 and R4B, so R4B's models check the structure: required elements, types, no unknown elements.
They do not check codes against value sets, so the tests check the status codes themselves.
"""

import datetime as dt
import json

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.consent import Consent as FhirConsent

from api.db import Session, utcnow
from api.models import Goal, Step
from api.services.fhir import member_bundle
from tests.factories import (
    CheckInFactory,
    ClinicFactory,
    ClinicPatientFactory,
    CoachingPlanFactory,
    ConsentFactory,
    MemberFactory,
)

EVERY_SCOPE = ["members:read", "plans:read", "checkins:read", "attendance:read"]
PHQ9 = [1, 2, 1, 0, 3, 1, 2, 0, 0]  # total 10
GAD7 = [1, 1, 1, 1, 1, 0, 0]  # total 5
WHO5 = [3, 3, 3, 3, 3]  # index 60
NOTE = "Only my coach should ever read this"

# R4's value sets for the status elements (the models accept any code).
CONSENT_STATUSES = {"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"}
CAREPLAN_STATUSES = {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
GOAL_LIFECYCLE = {
    "proposed",
    "planned",
    "accepted",
    "active",
    "on-hold",
    "completed",
    "cancelled",
    "entered-in-error",
    "rejected",
}
GOAL_ACHIEVEMENT = {
    "in-progress",
    "improving",
    "worsening",
    "no-change",
    "achieved",
    "sustaining",
    "not-achieved",
    "no-progress",
    "not-attainable",
}


def shared_member(scopes=EVERY_SCOPE, patient_reference="MRN-20931"):
    """A member with a plan (two goals, steps) and two check-ins, consented to a clinic."""
    member = MemberFactory(display_name="River Quinlan-Ashby")
    clinic = ClinicFactory(contact_email="team@clinic.example.org")
    patient = ClinicPatientFactory(clinic=clinic, member=member, patient_reference=patient_reference)
    consent = ConsentFactory(
        member=member, clinic=clinic, scopes=scopes, expiry_event="when my treatment at the clinic ends"
    )
    plan = CoachingPlanFactory(
        member=member,
        status="paused",
        start_date=dt.date(2026, 11, 1),
        review_date=dt.date(2027, 2, 1),
        focus_areas=["sleep", "staying connected"],
    )
    walking = Goal(
        plan_id=plan.id,
        what="Walk three times a week",
        why="Evenings are easier after a walk",
        measure="Walks a week",
        target_date=dt.date(2027, 1, 31),
        status="in_progress",
        progress_percent=40,
    )
    meeting = Goal(
        plan_id=plan.id,
        what="Go to a peer meeting",
        target_date=dt.date(2026, 12, 15),
        status="achieved",
        progress_percent=100,
        achieved_at=utcnow(),
    )
    Session.add_all([walking, meeting])
    Session.flush()
    shoes = Step(goal_id=walking.id, title="Buy comfortable shoes", due_date=dt.date(2026, 12, 1))
    route = Step(goal_id=walking.id, title="Pick a route", done_at=utcnow())
    Session.add_all([shoes, route])
    Session.commit()
    scored = CheckInFactory(
        plan=plan,
        mood=5,
        craving=4,
        note=NOTE,
        feels_safe=True,
        answers={"phq9": PHQ9, "gad7": GAD7, "who5": WHO5},
        phq9_total=10,
        gad7_total=5,
        who5_score=60,
    )
    plain = CheckInFactory(plan=plan, mood=7, craving=1, note=NOTE)
    plans = [(plan, [(walking, [shoes, route]), (meeting, [])])]
    return member, clinic, patient, consent, plans, [scored, plain]


def export(scopes=EVERY_SCOPE, **kwargs):
    member, clinic, patient, consent, plans, check_ins = shared_member(scopes, **kwargs)
    bundle = member_bundle(clinic, patient, consent, plans, check_ins)
    return bundle, member, clinic, patient, consent, plans, check_ins


def of_type(bundle, resource_type):
    return [
        entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == resource_type
    ]


def codes(resource, element="code"):
    """The codes of a CodeableConcept element."""
    return {coding["code"] for coding in resource[element]["coding"]}


def references(value):
    """Every `reference` string anywhere in the JSON."""
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [ref for item in value.values() for ref in references(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in references(item)]
    return []


def test_bundle_validates_against_the_r4b_models():
    bundle, *_ = export()
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection" and parsed.timestamp is not None
    assert {type(entry.resource).__name__ for entry in parsed.entry} == {
        "Patient",
        "Organization",
        "Consent",
        "CarePlan",
        "Goal",
        "QuestionnaireResponse",
        "Observation",
    }
    json.dumps(bundle)  # plain JSON, dates as strings


def test_every_full_url_is_a_unique_urn_uuid_and_every_reference_resolves():
    bundle, *_ = export()
    full_urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(full_urls)) == len(full_urls)
    assert all(entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}" for entry in bundle["entry"])
    found = references(bundle)
    assert found and set(found) <= set(full_urls)


def test_the_member_appears_only_as_the_clinics_pseudonym():
    bundle, member, _clinic, patient, *_ = export()
    text = json.dumps(bundle)
    for secret in (str(member.id), member.id.hex, member.email, member.display_name, NOTE):
        assert secret not in text
    (fhir_patient,) = of_type(bundle, "Patient")
    assert set(fhir_patient) == {"resourceType", "id", "identifier"}
    assert fhir_patient["id"] == str(patient.id)
    assert [identifier["value"] for identifier in fhir_patient["identifier"]] == [
        f"urn:uuid:{patient.id}",
        "MRN-20931",
    ]
    subjects = {resource["subject"]["reference"] for resource in of_type(bundle, "Observation")}
    assert subjects == {f"urn:uuid:{patient.id}"}


def test_patient_without_a_clinic_reference_has_only_the_pseudonym():
    bundle, *_ = export(patient_reference=None)
    (fhir_patient,) = of_type(bundle, "Patient")
    assert len(fhir_patient["identifier"]) == 1
    Bundle.model_validate(bundle)


def test_check_in_totals_are_loinc_survey_observations():
    bundle, *_rest, check_ins = export()
    scored = check_ins[0]
    observations = of_type(bundle, "Observation")
    by_code = {}
    for observation in observations:
        for coding in observation["code"]["coding"]:
            by_code.setdefault((coding["system"], coding["code"]), []).append(observation)
    (phq9,) = by_code[("http://loinc.org", "44261-6")]
    (gad7,) = by_code[("http://loinc.org", "70274-6")]
    assert phq9["valueInteger"] == 10 and gad7["valueInteger"] == 5
    for observation in observations:
        assert observation["status"] == "final"
        assert observation["category"][0]["coding"][0]["code"] == "survey"
    assert phq9["derivedFrom"] == [{"reference": f"urn:uuid:{scored.id}", "type": "QuestionnaireResponse"}]
    assert phq9["effectiveDateTime"] == scored.created_at.isoformat()
    peerway = "https://peerway.org/fhir/CodeSystem/check-in"
    assert [o["valueInteger"] for o in by_code[(peerway, "mood")]] == [5, 7]
    assert [o["valueInteger"] for o in by_code[(peerway, "craving")]] == [4, 1]
    assert [o["valueInteger"] for o in by_code[(peerway, "who5-index")]] == [60]
    assert (peerway, "barc10-total") not in by_code  # not answered, so no observation


def test_observation_ids_are_stable_across_exports():
    _member, clinic, patient, consent, plans, check_ins = shared_member()
    first = member_bundle(clinic, patient, consent, plans, check_ins)
    second = member_bundle(clinic, patient, consent, plans, check_ins)
    assert [o["id"] for o in of_type(first, "Observation")] == [
        o["id"] for o in of_type(second, "Observation")
    ]
    assert first["id"] != second["id"]


def test_questionnaire_response_per_check_in_with_instrument_answers():
    bundle, *_rest, plans, check_ins = export()
    responses = of_type(bundle, "QuestionnaireResponse")
    assert [response["id"] for response in responses] == [str(check_in.id) for check_in in check_ins]
    scored = {item["linkId"]: item for item in responses[0]["item"]}
    assert scored["mood"]["answer"] == [{"valueInteger": 5}]
    assert scored["craving"]["answer"] == [{"valueInteger": 4}]
    assert scored["feels-safe"]["answer"] == [{"valueBoolean": True}]
    assert scored["phq9"]["text"] == "PHQ-9"
    assert [item["answer"][0]["valueInteger"] for item in scored["phq9"]["item"]] == PHQ9
    assert [item["linkId"] for item in scored["gad7"]["item"]] == [f"gad7-{n}" for n in range(1, 8)]
    assert [item["answer"][0]["valueInteger"] for item in scored["who5"]["item"]] == WHO5
    assert {item["linkId"] for item in responses[1]["item"]} == {"mood", "craving"}
    plan, _goals = plans[0]
    assert responses[0]["basedOn"] == [{"reference": f"urn:uuid:{plan.id}", "type": "CarePlan"}]
    assert responses[0]["status"] == "completed"


def test_care_plan_and_goals_with_due_dates_and_statuses():
    bundle, *_rest, plans, _check_ins = export()
    plan, goals = plans[0]
    (care_plan,) = of_type(bundle, "CarePlan")
    assert care_plan["status"] == "on-hold" and care_plan["status"] in CAREPLAN_STATUSES  # paused
    assert care_plan["intent"] == "plan"
    assert care_plan["period"] == {"start": "2026-11-01", "end": "2027-02-01"}
    assert [ref["reference"] for ref in care_plan["goal"]] == [f"urn:uuid:{goal.id}" for goal, _ in goals]
    details = [activity["detail"] for activity in care_plan["activity"]]
    assert [(d["description"], d["status"]) for d in details] == [
        ("Buy comfortable shoes", "not-started"),
        ("Pick a route", "completed"),
    ]
    assert details[0]["scheduledPeriod"] == {"end": "2026-12-01"}
    walking, meeting = of_type(bundle, "Goal")
    assert walking["lifecycleStatus"] == "active" and codes(walking, "achievementStatus") == {"in-progress"}
    assert meeting["lifecycleStatus"] == "completed" and codes(meeting, "achievementStatus") == {"achieved"}
    for goal in (walking, meeting):
        assert goal["lifecycleStatus"] in GOAL_LIFECYCLE
        assert codes(goal, "achievementStatus") <= GOAL_ACHIEVEMENT
    assert walking["description"] == {"text": "Walk three times a week"}
    assert walking["target"] == [{"measure": {"text": "Walks a week"}, "dueDate": "2027-01-31"}]
    assert meeting["target"] == [{"dueDate": "2026-12-15"}]
    assert meeting["statusDate"] == goals[1][0].achieved_at.date().isoformat()


def test_goal_not_started_or_set_aside_maps_to_r4_statuses():
    _member, clinic, patient, consent, plans, _check_ins = shared_member()
    plan, goals = plans[0]
    goals[0][0].status, goals[1][0].status = "not_started", "set_aside"
    goals[1][0].achieved_at = None
    bundle = member_bundle(clinic, patient, consent, plans, None)
    statuses = [(goal["lifecycleStatus"], "achievementStatus" in goal) for goal in of_type(bundle, "Goal")]
    assert statuses == [("planned", False), ("on-hold", False)]
    Bundle.model_validate(bundle)


def test_consent_runs_until_expiry_and_names_the_clinic_as_recipient():
    bundle, _member, clinic, patient, consent, *_ = export()
    (fhir_consent,) = of_type(bundle, "Consent")
    assert fhir_consent["status"] == "active"
    assert codes(fhir_consent, "scope") == {"patient-privacy"}
    assert fhir_consent["category"][0]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "59284-0",
        "display": "Patient Consent",
    }
    assert fhir_consent["patient"]["reference"] == f"urn:uuid:{patient.id}"
    provision = fhir_consent["provision"]
    assert provision["type"] == "permit"
    assert provision["period"]["end"] == consent.expires_at.isoformat()
    (actor,) = provision["actor"]
    assert actor["reference"]["reference"] == f"urn:uuid:{clinic.id}"
    assert codes(actor, "role") == {"IRCP"}
    assert [concept["coding"][0]["code"] for concept in provision["code"]] == EVERY_SCOPE
    (organization,) = of_type(bundle, "Organization")
    assert organization["id"] == str(clinic.id) and organization["name"] == clinic.name
    assert {"system": "url", "value": "https://clinic.example.org", "use": "work"} in organization["telecom"]
    assert "when my treatment at the clinic ends" in fhir_consent["text"]["div"]
    parsed = FhirConsent.model_validate(fhir_consent)
    assert parsed.provision.period.end is not None


def test_consent_status_maps_to_r4():
    _member, clinic, patient, consent, _plans, _check_ins = shared_member()
    expected = {"active": "active", "proposed": "proposed", "declined": "rejected", "revoked": "inactive"}
    for status, fhir_status in expected.items():
        consent.status = status
        (fhir_consent,) = of_type(member_bundle(clinic, patient, consent, None, None), "Consent")
        assert fhir_consent["status"] == fhir_status and fhir_status in CONSENT_STATUSES
    consent.status = "active"
    later = consent.expires_at + dt.timedelta(days=1)
    (fhir_consent,) = of_type(member_bundle(clinic, patient, consent, None, None, now=later), "Consent")
    assert fhir_consent["status"] == "inactive"  # expired


def test_members_read_alone_shares_no_plans_or_check_ins_even_if_passed():
    bundle, *_ = export(scopes=["members:read"])
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert kinds == {"Patient", "Organization", "Consent"}
    Bundle.model_validate(bundle)


def test_each_scope_shares_only_its_own_resources():
    plans_only, *_ = export(scopes=["members:read", "plans:read"])
    assert {entry["resource"]["resourceType"] for entry in plans_only["entry"]} == {
        "Patient",
        "Organization",
        "Consent",
        "CarePlan",
        "Goal",
    }
    check_ins_only, *_ = export(scopes=["checkins:read"])
    kinds = {entry["resource"]["resourceType"] for entry in check_ins_only["entry"]}
    assert kinds == {"Patient", "Organization", "Consent", "QuestionnaireResponse", "Observation"}
    # No plan in the bundle, so check-ins do not point at one.
    assert all("basedOn" not in response for response in of_type(check_ins_only, "QuestionnaireResponse"))
    assert set(references(check_ins_only)) <= {entry["fullUrl"] for entry in check_ins_only["entry"]}
    Bundle.model_validate(check_ins_only)


def test_data_the_caller_withholds_stays_out():
    """None means the clinic's token does not cover it, even when the consent does."""
    _member, clinic, patient, consent, _plans, _check_ins = shared_member()
    bundle = member_bundle(clinic, patient, consent, None, None)
    assert {entry["resource"]["resourceType"] for entry in bundle["entry"]} == {
        "Patient",
        "Organization",
        "Consent",
    }
