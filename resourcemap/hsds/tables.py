"""The HSDS 3.0 tabular data package's tables: file names, columns in the specification's
order, Frictionless types and formats, required columns and foreign keys.

Written from the specification's datapackage.json (branch 3.0, commit 279fd2e), so that a
package this directory writes validates against the official descriptor as it is, and our own
descriptor differs from it only where the profile says (addresses.postal_code).
A column is "name[:kind][*]": kind is a Frictionless type, or uuid/uri/email (strings with
that format); * marks a required column.
"""

from __future__ import annotations

from typing import Any

# (resource name, file, columns, foreign keys {column: resource})
TABLES: list[tuple[str, str, str, dict[str, str]]] = [
    ("organization", "organizations.csv",
     "id:uuid* name* alternate_name description* email:email website:uri tax_status tax_id "
     "year_incorporated:number legal_status logo uri:uri parent_organization_id:uuid", {}),
    ("program", "programs.csv", "id:uuid* organization_id:uuid* name* alternate_name description*",
     {"organization_id": "organization"}),
    ("service", "services.csv",
     "id:uuid* organization_id:uuid* program_id:uuid name* alternate_name description url:uri email:email "
     "status* interpretation_services application_process fees_description wait_time fees accreditations "
     "eligibility_description minimum_age:number maximum_age:number assured_date:date assurer_email:email "
     "licenses alert last_modified:datetime",
     {"organization_id": "organization", "program_id": "program"}),
    ("attribute", "attributes.csv",
     "id:uuid* link_id:uuid* taxonomy_term_id:uuid* link_type link_entity* value",
     {"taxonomy_term_id": "taxonomy_term"}),
    ("service_at_location", "service_at_location.csv",
     "id:uuid* service_id:uuid* location_id:uuid* description",
     {"service_id": "service", "location_id": "location"}),
    ("location", "locations.csv",
     "id:uuid* location_type* url:uri organization_id:uuid name alternate_name description transportation "
     "latitude:number longitude:number external_identifier external_identifier_type",
     {"organization_id": "organization"}),
    ("phone", "phones.csv",
     "id:uuid* location_id:uuid service_id:uuid organization_id:uuid contact_id:uuid "
     "service_at_location_id:uuid number* extension:number type description",
     {"contact_id": "contact", "location_id": "location", "organization_id": "organization",
      "service_id": "service", "service_at_location_id": "service_at_location"}),
    ("contact", "contacts.csv",
     "id:uuid* organization_id:uuid service_id:uuid service_at_location_id:uuid location_id:uuid name title "
     "department email:email",
     {"location_id": "location", "organization_id": "organization", "service_id": "service",
      "service_at_location_id": "service_at_location"}),
    ("address", "addresses.csv",
     "id:uuid* location_id:uuid attention address_1* address_2 city* region state_province* postal_code* "
     "country* address_type*",
     {"location_id": "location"}),
    ("schedule", "schedules.csv",
     "id:uuid* service_id:uuid location_id:uuid service_at_location_id:uuid valid_from:date valid_to:date "
     "dtstart:date timezone:number until:date count:number wkst freq interval:number byday byweekno "
     "bymonthday byyearday description opens_at:time closes_at:time schedule_link:uri attending_type notes",
     {"location_id": "location", "service_id": "service", "service_at_location_id": "service_at_location"}),
    ("funding", "funding.csv", "id:uuid* organization_id:uuid service_id:uuid source",
     {"organization_id": "organization", "service_id": "service"}),
    ("service_area", "service_areas.csv",
     "id:uuid* service_id:uuid name description extent extent_type uri", {"service_id": "service"}),
    ("required_document", "required_documents.csv", "id:uuid* service_id:uuid document uri:uri",
     {"service_id": "service"}),
    ("language", "languages.csv", "id:uuid* service_id:uuid location_id:uuid phone_id:uuid name code note",
     {"location_id": "location", "phone_id": "phone", "service_id": "service"}),
    ("accessibility", "accessibility.csv", "id:uuid* location_id:uuid description details url:uri",
     {"location_id": "location"}),
    ("taxonomy_term", "taxonomy_terms.csv",
     "id:uuid* code name* description* parent_id:uuid taxonomy language taxonomy_id:uuid term_uri:uri",
     {"taxonomy_id": "taxonomy"}),
    ("metadata", "metadata.csv",
     "id:uuid* resource_id:uuid* resource_type* last_action_date:date* last_action_type* field_name* "
     "previous_value* replacement_value* updated_by*", {}),
    ("meta_table_description", "meta_table_descriptions.csv", "id:uuid* name language character_set", {}),
    ("cost_option", "cost_options.csv",
     "id:uuid* service_id:uuid* valid_from:date valid_to:date option currency amount:number amount_description",
     {"service_id": "service"}),
    ("organization_identifier", "organization_identifiers.csv",
     "id:uuid* organization_id:uuid* identifier_scheme identifier_type* identifier*",
     {"organization_id": "organization"}),
    ("taxonomy", "taxonomies.csv", "id:uuid* name* description* uri:uri version", {}),
]

STRING_FORMATS = {"uuid", "uri", "email"}

# What the profile relaxes (profile.ADDRESS_REQUIRED): required columns it does not require.
PROFILE_OPTIONAL = {("address", "postal_code")}


def columns(spec: str) -> list[tuple[str, str, str | None, bool]]:
    """[(name, Frictionless type, format, required)] of a column spec."""
    out = []
    for token in spec.split():
        required = token.endswith("*")
        name, _, kind = token.rstrip("*").partition(":")
        if kind in STRING_FORMATS:
            out.append((name, "string", kind, required))
        else:
            out.append((name, kind or "string", None, required))
    return out


def column_names(spec: str) -> list[str]:
    return [name for name, _, _, _ in columns(spec)]


def field(table: str, name: str, kind: str, fmt: str | None, required: bool) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"name": name, "type": kind}
    if fmt:
        descriptor["format"] = fmt
    if required and (table, name) not in PROFILE_OPTIONAL:
        descriptor["constraints"] = {"required": True}
    return descriptor


def resource(name: str, path: str, spec: str, foreign_keys: dict[str, str], rows: int) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [field(name, *column) for column in columns(spec)],
            "primaryKey": "id",
            "foreignKeys": [
                {"fields": column, "reference": {"resource": target, "fields": "id"}}
                for column, target in foreign_keys.items()
            ],
        },
        "rows": rows,
    }
