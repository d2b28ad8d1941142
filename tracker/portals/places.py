"""The tables that tell where an organization on a sharing list is and what kind of body it is.

Data, not rules: :mod:`tracker.portals.organizations` only reads these tables. Flock names organizations
by habit, not by schema ("Avon IN PD", "Gustine PD CA", "Dublin CA PD (ACSO)", "Mendocino County SO-CA",
"CO - Keenesburg PD", "Kansas Highway Patrol"), so a state is read from postal codes and state names, and a
short curated list covers the well-known names that carry neither. The tests run these tables over the
real portal recordings and the Orange County Sheriff sharing-network export in ``../shared/fixtures``.
"""

from __future__ import annotations

#: Postal code of every state, DC and the inhabited territories, by name.
STATE_NAMES: dict[str, str] = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA", "Colorado": "CO",
    "Connecticut": "CT", "Delaware": "DE", "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID",
    "Illinois": "IL", "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN",
    "Mississippi": "MS", "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV",
    "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY", "North Carolina": "NC",
    "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR", "Pennsylvania": "PA",
    "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD", "Tennessee": "TN", "Texas": "TX",
    "Utah": "UT", "Vermont": "VT", "Virginia": "VA", "Washington": "WA", "West Virginia": "WV",
    "Wisconsin": "WI", "Wyoming": "WY", "District of Columbia": "DC", "Puerto Rico": "PR", "Guam": "GU",
    "U.S. Virgin Islands": "VI", "American Samoa": "AS", "Northern Mariana Islands": "MP",
}

#: Postal codes that are also common words in agency names: "County CA SD" is a Sheriff's Department,
#: "RIV CO ARSON TF" a county, "MP" military police, "LA" Los Angeles, "VA" Veterans Affairs, "MS" the
#: MS-13 gang. They count as a state only where Flock puts a state: in parentheses, just before an agency
#: suffix ("Denver CO PD"), or last ("Town of Lyons CO") but not right after "County"/"Co".
AMBIGUOUS_CODES = frozenset({
    "AS", "CO", "DE", "GU", "HI", "IN", "LA", "ME", "MP", "MS", "OK", "OR", "PA", "SD", "VA", "VI",
})

#: Tokens that end an agency name after its state code ("Avon IN PD", "Baldwin County GA SO").
AGENCY_SUFFIXES = frozenset({
    "PD", "SO", "SD", "DA", "DPS", "FD", "DOC", "DTF", "TF", "PS", "SP", "HP", "DOJ", "Police", "Sheriff",
    "Sheriffs", "Sheriff's", "Marshal", "Marshals", "Constable", "Department", "Dept", "Office", "District",
    "Public", "Attorney", "Attorney's", "Probation", "Fire", "Campus", "University", "College", "Parks",
})

#: Words that, right after a state's name, make it a place named after the state ("Kansas City",
#: "Nevada County", "Washington Township", "Virginia Beach").
PLACE_WORDS = frozenset({
    "City", "County", "Co", "Co.", "Parish", "Township", "Twp", "Springs", "Beach", "Falls", "Heights", "Rapids",
    "Gardens", "Park", "Village", "Hills", "Valley", "Borough", "Lake", "Creek",
})
#: Words that, right before a state's name, make it a place ("Fort Washington", "Port Washington").
PLACE_PREFIXES = frozenset({"Fort", "Ft", "Port", "Mount", "Mt", "Lake"})

#: Well-known names that carry no postal code or state name, with their state. Matched on whole words,
#: case-sensitively; only names seen on real sharing lists, each unambiguous nationwide.
CURATED_STATES: dict[str, str] = {
    "NCRIC": "CA",  # Northern California Regional Intelligence Center (a fusion center)
    "LASD": "CA",  # Los Angeles County Sheriff's Department
    "CHP": "CA",  # California Highway Patrol
    "Cal Fire": "CA",
    "Cal State": "CA",
    "CSU": "CA",  # California State University campuses
    "Shasta County": "CA",
    "Yuba County": "CA",
    "Monterey County": "CA",
    "Maricopa County": "AZ",
    "Las Vegas Metro": "NV",  # Las Vegas Metropolitan Police Department
    "Washington University": "MO",
    "KBI": "KS",  # Kansas Bureau of Investigation
    "GBI": "GA",  # Georgia Bureau of Investigation
    "TBI": "TN",  # Tennessee Bureau of Investigation
}

#: Federal agencies and programs, matched on whole words. Acronyms are case-sensitive ("ICE", never the
#: "ice" in "Police"); phrases are not. Each maps to the name reported as the reason's detail.
FEDERAL_ACRONYMS: dict[str, str] = {
    "ICE": "Immigration and Customs Enforcement", "ERO": "ICE Enforcement and Removal Operations",
    "HSI": "Homeland Security Investigations", "DHS": "Department of Homeland Security",
    "CBP": "Customs and Border Protection", "USBP": "U.S. Border Patrol", "FBI": "Federal Bureau of Investigation",
    "DEA": "Drug Enforcement Administration", "ATF": "Bureau of Alcohol, Tobacco, Firearms and Explosives",
    "USMS": "U.S. Marshals Service", "USSS": "U.S. Secret Service", "USPIS": "U.S. Postal Inspection Service",
    "NCIS": "Naval Criminal Investigative Service", "AFOSI": "Air Force Office of Special Investigations",
    "USCG": "U.S. Coast Guard", "TSA": "Transportation Security Administration", "FPS": "Federal Protective Service",
    "IRS": "Internal Revenue Service", "USFS": "U.S. Forest Service", "BLM": "Bureau of Land Management",
    "BIA": "Bureau of Indian Affairs", "NPS": "National Park Service", "HIDTA": "High Intensity Drug Trafficking Area",
    "DoD": "Department of Defense", "DOD": "Department of Defense",
    "USAO": "U.S. Attorney's Office", "FLETC": "Federal Law Enforcement Training Centers",
    "VAMC": "Veterans Affairs Medical Center",
}
FEDERAL_PHRASES: tuple[str, ...] = (
    "Federal", "Immigration and Customs", "Homeland Security", "Customs and Border", "Border Patrol",
    "Federal Bureau of Investigation", "Drug Enforcement Administration", "Alcohol, Tobacco",
    "U.S. Marshals", "US Marshals", "United States Marshals", "U.S. Marshal", "US Marshal",
    "United States Marshal", "Secret Service", "Postal Inspection", "US Postal",
    "U.S. Postal", "Veterans Affairs", "Military Police", "Army", "Navy", "Naval", "Air Force", "Marine Corps",
    "Coast Guard", "Department of Defense", "National Park Service", "U.S. Park Police", "US Park Police",
    "Forest Service", "Bureau of Land Management", "Bureau of Indian Affairs",
    "U.S. Fish and Wildlife", "US Fish and Wildlife", "Fish and Wildlife Service", "U.S. Attorney",
    "US Attorney", "United States Attorney", "U.S. Department", "US Department", "United States Department",
    "Pentagon", "Joint Base", "Air Force Base",
)
#: Names that contain a federal word but are not federal: places and charities. Checked first.
NOT_FEDERAL_PHRASES: tuple[str, ...] = ("Navy Pier", "Federal Way", "Federal Heights", "Salvation Army")
#: Federal acronyms that state agencies reuse ("Iowa DHS" is Human Services): federal only in a name that
#: names no state.
STATE_REUSED_ACRONYMS = frozenset({"DHS"})

#: Kinds other than federal, first match wins; each is a tuple of case-insensitive whole-word phrases.
KIND_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tribal", ("Tribal", "Tribe", "Nation", "Rancheria", "Band of", "Indians", "Pueblo", "Reservation")),
    ("private", ("HOA", "Homeowners", "Home Owners", "Association", "Resident", "Residents", "Corporation",
                 "Inc", "LLC", "Apartments", "Property Management", "Services", "Mall")),
    # Besides these, a name that starts with a state's name or with a code and "Department" is a state body.
    ("state", ("Highway Patrol", "State Police", "State Patrol", "State Parks", "Attorney General", "Cal Fire",
               "Cal State", "CSU", "CHP", "KBI", "GBI", "TBI", "Fusion", "NCRIC")),
    ("local", ("PD", "SO", "SD", "DA", "FD", "DPS", "TF", "Police", "Sheriff", "Sheriffs", "Sheriff's", "Marshal",
               "Marshals", "Constable", "Attorney", "Prosecutor", "Probation", "Fire", "Public Safety", "County",
               "City", "Town", "Village", "Township", "Campus", "University", "College", "School", "ISD", "Port",
               "Airport", "Harbor", "Transit", "Task Force", "District", "DAs", "Station", "LASD")),
)

#: A street address standing for an organization ("5588 Ozawa Circle"): a private camera owner.
STREET_WORDS = frozenset({
    "Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Ln", "Drive", "Dr", "Way", "Court", "Ct",
    "Circle", "Cir", "Boulevard", "Blvd", "Place", "Pl", "Terrace", "Trail", "Parkway", "Pkwy",
})
