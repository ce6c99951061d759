"""Which category the OECD DAC sector codes fall in, for the demo's categories: the DAC
3-digit categories (vocabulary 2), and a few 5-digit purpose codes (vocabulary 1) that have a
category of their own here."""

from duikou.exchange.services import sector_mapping_set

DAC_CATEGORIES = {
    "111": "education",
    "112": "education",
    "113": "education",
    "114": "education",
    "121": "health-science-social",
    "122": "health-science-social",
    "123": "health-science-social",
    "130": "health-science-social",
    "140": "housing-infrastructure",
    "151": "grassroots-governance",
    "152": "grassroots-governance",
    "160": "health-science-social",
    "210": "trade-logistics",
    "220": "housing-infrastructure",
    "230": "housing-infrastructure",
    "231": "housing-infrastructure",
    "232": "housing-infrastructure",
    "233": "housing-infrastructure",
    "234": "housing-infrastructure",
    "235": "housing-infrastructure",
    "236": "housing-infrastructure",
    "240": "industry",
    "250": "industry",
    "311": "industry",
    "312": "industry",
    "313": "industry",
    "321": "industry",
    "322": "industry",
    "323": "housing-infrastructure",
    "331": "trade-logistics",
    "332": "village-tourism",
    "410": "environment",
    "430": "housing-infrastructure",
}
DAC_PURPOSES = {
    "11330": "vocational-training",  # vocational training
    "16020": "employment-training",  # employment creation
    "12191": "group-medical",  # medical services
    "25030": "ecommerce",  # business development services
}


def load_sectors() -> None:
    for code, category in DAC_CATEGORIES.items():
        sector_mapping_set(by=None, vocabulary="2", code=code, category=category)
    for code, category in DAC_PURPOSES.items():
        sector_mapping_set(by=None, vocabulary="1", code=code, category=category)
