"""Open Referral HSDS (Human Services Data Specification) export and import of the directory.

The export follows HSDS's tables as JSON arrays: organizations, services, locations, phones,
schedules, service_areas, languages and taxonomy_terms. Each directory entry is one organization
with one service. Import accepts the same shape (from Peerway or another HSDS publisher), creating
or updating entries by service id.
"""

import uuid

from sqlalchemy import select

from api.db import Session
from api.models.resources import NARR_LEVELS, Cost, ResidenceGender, Resource, ResourceKind

KIND_TAXONOMY = "peerway-resource-kind"
# Recovery residences: whom they house, their NARR level and whether they accept residents on
# medication-assisted treatment travel as service attributes (HSDS 3 `attribute`: a taxonomy term,
# optionally with a value); the certification itself is the service's `accreditations`.
GENDER_TAXONOMY = "peerway-residence-gender"
NARR_TAXONOMY = "narr-level"
MAT_TAXONOMY = "peerway-accepts-mat"
COST_TAXONOMY = "peerway-cost"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def export_directory() -> dict:
    tables = {
        name: []
        for name in (
            "organizations",
            "services",
            "locations",
            "phones",
            "schedules",
            "service_areas",
            "languages",
            "taxonomy_terms",
        )
    }
    tables["taxonomy_terms"] = _taxonomy_terms()
    for resource in Session.scalars(
        select(Resource).where(Resource.retired_at.is_(None)).order_by(Resource.name)
    ):
        service_id, organization_id = str(resource.id), f"org-{resource.id}"
        tables["organizations"].append(
            {
                "id": organization_id,
                "name": resource.name,
                "description": resource.description,
                "website": resource.url,
                "email": resource.email,
            }
        )
        tables["services"].append(
            {
                "id": service_id,
                "organization_id": organization_id,
                "name": resource.name,
                "description": resource.description,
                "url": resource.url,
                "email": resource.email,
                "status": "active",
                "fees_description": resource.cost_note or resource.cost,
                "accreditations": resource.certification,
                "eligibility_description": resource.eligibility,
                "last_modified": resource.updated_at.isoformat(),
                "assured_date": resource.verified_at.date().isoformat() if resource.verified_at else None,
                "attributes": _attributes(resource),
            }
        )
        if resource.address:
            tables["locations"].append(
                {
                    "id": f"loc-{resource.id}",
                    "organization_id": organization_id,
                    "location_type": "physical",
                    "addresses": [
                        {
                            "address_1": resource.address,
                            "country": resource.region,
                            "state_province": resource.subdivision,
                        }
                    ],
                }
            )
        if resource.is_online:
            tables["locations"].append(
                {
                    "id": f"virtual-{resource.id}",
                    "organization_id": organization_id,
                    "location_type": "virtual",
                    "url": resource.url,
                }
            )
        for kind, number in (("voice", resource.phone), ("sms", resource.sms)):
            if number:
                tables["phones"].append(
                    {
                        "id": f"{kind}-{resource.id}",
                        "service_id": service_id,
                        "number": number,
                        "type": "text" if kind == "sms" else "voice",
                    }
                )
        if resource.hours or resource.is_24_7:
            tables["schedules"].append(
                {
                    "id": f"sched-{resource.id}",
                    "service_id": service_id,
                    "description": "Open 24 hours, every day" if resource.is_24_7 else resource.hours,
                    **(
                        {
                            "freq": "WEEKLY",
                            "byday": "MO,TU,WE,TH,FR,SA,SU",
                            "opens_at": "00:00",
                            "closes_at": "23:59",
                        }
                        if resource.is_24_7
                        else {}
                    ),
                }
            )
        tables["service_areas"].append(
            {
                "id": f"area-{resource.id}",
                "service_id": service_id,
                "name": resource.subdivision or resource.region,
                "extent_type": "country",
            }
        )
        tables["languages"] += [
            {"id": f"lang-{resource.id}-{code}", "service_id": service_id, "code": code}
            for code in resource.languages
        ]
    return tables


def _taxonomy_terms() -> list[dict]:
    vocabularies = (
        (KIND_TAXONOMY, [kind.value for kind in ResourceKind]),
        (COST_TAXONOMY, [cost.value for cost in Cost]),
        (GENDER_TAXONOMY, [gender.value for gender in ResidenceGender]),
        (NARR_TAXONOMY, [str(level) for level in NARR_LEVELS]),
        (MAT_TAXONOMY, ["yes", "no"]),
    )
    return [
        {"id": f"{taxonomy}:{term}", "term": term, "taxonomy": taxonomy}
        for taxonomy, terms in vocabularies
        for term in terms
    ]


def _attributes(resource: Resource) -> list[dict]:
    """The entry's classifications: kind and cost always, residence details when known."""
    attributes = [
        {"taxonomy_term_id": f"{KIND_TAXONOMY}:{resource.kind}"},
        {"taxonomy_term_id": f"{COST_TAXONOMY}:{resource.cost}"},
    ]
    if resource.residence_gender:
        attributes.append({"taxonomy_term_id": f"{GENDER_TAXONOMY}:{resource.residence_gender}"})
    if resource.narr_level:
        attributes.append(
            {
                "taxonomy_term_id": f"{NARR_TAXONOMY}:{resource.narr_level}",
                "value": str(resource.narr_level),
                "label": f"NARR level {ROMAN[resource.narr_level]}",
            }
        )
    if resource.accepts_mat is not None:
        attributes.append({"taxonomy_term_id": f"{MAT_TAXONOMY}:{'yes' if resource.accepts_mat else 'no'}"})
    return attributes


def import_directory(data: dict) -> int:
    """Create or update one entry per HSDS service; returns how many were written."""

    def by_service(table: str) -> dict[str, list[dict]]:
        return _group(data.get(table, []), "service_id")

    phones, schedules, areas, languages = (
        by_service("phones"),
        by_service("schedules"),
        by_service("service_areas"),
        by_service("languages"),
    )
    organizations = {org["id"]: org for org in data.get("organizations", [])}
    locations = _group(data.get("locations", []), "organization_id")
    written = 0
    for service in data.get("services", []):
        resource = _resource_for(service["id"])
        organization = organizations.get(service.get("organization_id"), {})
        resource.name = service.get("name") or organization.get("name") or "Unnamed service"
        resource.description = service.get("description") or organization.get("description") or resource.name
        resource.url = service.get("url") or organization.get("website")
        resource.email = service.get("email") or organization.get("email")
        _classify(resource, service)
        resource.eligibility = service.get("eligibility_description")
        for phone in phones.get(service["id"], []):
            if phone.get("type") == "text":
                resource.sms = phone["number"]
            else:
                resource.phone = phone["number"]
        schedule = (schedules.get(service["id"]) or [{}])[0]
        resource.hours = schedule.get("description")
        resource.is_24_7 = schedule.get("opens_at") == "00:00" and schedule.get("closes_at") in (
            "23:59",
            "24:00",
        )
        places = locations.get(service.get("organization_id"), [])
        physical = next((place for place in places if place.get("location_type") == "physical"), None)
        address = (physical or {}).get("addresses", [{}])[0] if physical else {}
        resource.address = address.get("address_1")
        resource.is_online = any(place.get("location_type") == "virtual" for place in places)
        area = (areas.get(service["id"]) or [{}])[0].get("name") or address.get("country") or "GB"
        resource.region = area[:2].upper()
        resource.subdivision = area if "-" in area else address.get("state_province")
        resource.languages = [language["code"] for language in languages.get(service["id"], [])]
        written += 1
    Session.commit()
    return written


def _group(rows: list[dict], key: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row.get(key), []).append(row)
    return grouped


def _resource_for(service_id: str) -> Resource:
    try:
        resource_id = uuid.UUID(service_id)
    except ValueError:
        resource_id = uuid.uuid5(uuid.NAMESPACE_URL, f"hsds:{service_id}")
    resource = Session.get(Resource, resource_id)
    if resource is None:
        resource = Resource(id=resource_id)
        Session.add(resource)
    return resource


def _classify(resource: Resource, service: dict) -> None:
    """Kind, cost and residence details from the service's attributes (and older Peerway files,
    which put the cost category in `fees_description`)."""
    terms = _terms(service)
    resource.kind = _term(terms, KIND_TAXONOMY, set(ResourceKind)) or ResourceKind.HELPLINE.value
    fees = service.get("fees_description")
    resource.cost = _term(terms, COST_TAXONOMY, set(Cost)) or (fees if fees in set(Cost) else "free")
    resource.cost_note = fees if fees and fees not in set(Cost) else None
    resource.certification = service.get("accreditations")
    is_residence = resource.kind == ResourceKind.SOBER_LIVING
    gender = _term(terms, GENDER_TAXONOMY, set(ResidenceGender))
    level = _term(terms, NARR_TAXONOMY, {str(level) for level in NARR_LEVELS})
    mat = _term(terms, MAT_TAXONOMY, {"yes", "no"})
    resource.residence_gender = gender if is_residence else None
    resource.narr_level = int(level) if is_residence and level else None
    resource.accepts_mat = (mat == "yes") if is_residence and mat else None


def _terms(service: dict) -> dict[str, str]:
    """taxonomy → term, from attributes such as {"taxonomy_term_id": "narr-level:2"}."""
    terms = {}
    for attribute in service.get("attributes", []):
        taxonomy, _, term = str(attribute.get("taxonomy_term_id", "")).partition(":")
        terms.setdefault(taxonomy, term)
    return terms


def _term(terms: dict[str, str], taxonomy: str, allowed: set[str]) -> str | None:
    term = terms.get(taxonomy)
    return term if term in allowed else None
