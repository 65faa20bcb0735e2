"""Vocabulary and curated lookups used by build_sites.py (categories, ages, dates, aliases)."""

from __future__ import annotations

DATE_SGM = "2018-10-25"  # Navicat dump date in way181992699/SGM t_school_finish.sql / t_hospital.sql
DATE_NBS2021 = "2021-10-31"  # NBS 2021 division codes (状态截至 2021-10-31)
DATE_NBS2022 = "2022-10-31"  # NBS 2022 division codes
DATE_TENCENT = "2020-01-01"  # only the year (2020) is known
DATE_CONTEXT = "2021-01-01"  # year of the public reporting summarised in sources/CONTEXT.md

ORG = {
    "party_mass_centre": "party_mass",
    "minor_protection": "civil_affairs",
    "child_welfare": "civil_affairs",
    "welfare_centre": "civil_affairs",
    "relief_station": "civil_affairs",
    "special_school": "education",
    "specialized_school": "education",
    "kindergarten": "education",
    "primary_school": "education",
    "secondary_school": "education",
    "hospital": "health",
    "maternal_child_health": "health",
    "childrens_hospital": "health",
    "youth_women_centre": "youth_league",
    "disability_rehab": "disabled_federation",
}
DESCRIPTION = {
    "kindergarten": "幼儿园：学前教育（保育与教育）",
    "primary_school": "小学：义务教育",
    "secondary_school": "中学：中等教育",
    "special_school": "特殊教育学校：为残疾儿童少年提供特殊教育",
    "specialized_school": "专门学校（工读学校）：对有不良行为的未成年人进行专门教育和矫治",
    "hospital": "医院：医疗服务",
    "maternal_child_health": "妇幼保健院：妇女儿童保健、儿童预防保健与医疗服务",
    "childrens_hospital": "儿童医院：儿童专科医疗服务（门诊、急诊、住院）",
    "child_welfare": "儿童福利院：孤儿和困境儿童的养育、康复、教育与照料",
    "welfare_centre": "社会福利中心：社会福利机构，提供供养与照料服务",
    "relief_station": "救助管理站：为流浪乞讨人员及流浪未成年人提供临时救助、寻亲与护送返乡",
    "youth_women_centre": "工青妇活动中心：面向职工、青少年和妇女的活动与服务场所",
    "disability_rehab": "残疾人职业康复中心（残联）：残疾人职业康复、日间照料与技能培训",
}
# school sub-type -> (min_age, max_age)
SCHOOL_AGES = {
    "幼儿园": ("3", "6"),
    "小学": ("6", "12"),
    "九年一贯制学校": ("6", "15"),
    "初级中学": ("12", "15"),
    "完全中学": ("12", "18"),
    "十二年一贯制学校": ("6", "18"),
    "高级中学": ("15", "18"),
    "职业高中学校": ("15", "18"),
    "调整后中等职业学校": ("15", "18"),
    "中等技术学校": ("15", "18"),
    "其他机构": ("15", "18"),
}
SCHOOL_CATEGORY = {
    "幼儿园": "kindergarten",
    "小学": "primary_school",
    "普通初中": "secondary_school",
    "普通高中": "secondary_school",
    "中等职业学校": "secondary_school",
    "特殊教育": "special_school",
    "工读学校": "specialized_school",
}
COMPULSORY = {"小学", "九年一贯制学校", "初级中学"}
# Schools of these types teach primary grades whatever their main category (site_categories.csv).
TEACH_PRIMARY = {"九年一贯制学校", "十二年一贯制学校"}
EXTRA_ALIASES = {
    "深圳元平特殊教育学校": ["特教", "元平特校", "元平学校"],
    "深圳市儿童医院": ["市儿童医院", "深圳儿童医院"],
    "深圳市育新学校": ["工读学校", "专门学校"],
}
TENCENT = {  # tencent_id -> (name, category, aliases); the POI is an AED inside the institution
    "15224263286461117825": (
        "深圳市社会福利中心儿童福利院",
        "child_welfare",
        ["深圳市儿童福利院", "市儿童福利院"],
    ),
    "2690792408288541167": ("罗湖区社会福利中心", "welfare_centre", ["罗湖福利中心"]),
    "17372132415049337834": ("福田区福利中心", "welfare_centre", ["福田区社会福利中心"]),
    "17216740718072700549": ("盐田区社会福利中心", "welfare_centre", ["盐田福利中心"]),
    "574720299210508445": ("盐田区工青妇活动中心", "youth_women_centre", ["工青妇活动中心"]),
}
SHELTERS = {  # RECID -> (name, category, aliases) for the few civil-affairs institutions in the list
    "129": ("宝安区救助管理站", "relief_station", ["宝安区救助站"]),
    "306": ("龙岗区救助管理站", "relief_station", ["龙岗区救助站"]),
    "130": ("宝安区社会福利中心", "welfare_centre", []),
    "105": ("南山区社会福利中心", "welfare_centre", ["区社会福利中心"]),  # address: 西丽留仙洞 (南山区)
    # The list names it 街道残疾人职康中心; its address is in 龙城街道 (龙岗区).
    "369": ("龙城街道残疾人职康中心", "disability_rehab", ["街道残疾人职康中心", "职康中心"]),
}
# Source errors checked by hand, recorded in the row's provenance (tests/data allow these only).
REVIEWED = {
    "hospital-2018-15": "source labels 罗湖区, but the address (福田区红荔路2004号) and the point are in 福田区",
}
