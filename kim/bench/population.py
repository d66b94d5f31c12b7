"""A reproducible synthetic population of clients at NRW scale (invented names only).

Name pools per origin, most common names first (drawn with Zipf-like weights, so common
names such as Mohammed or Nguyen form large groups); each name lists its usual spellings (the first is the one stored,
the others are what a second office might write) and, where there is one, the spelling in
the original script. Birth dates follow what registers of refugees look like: many
1 January placeholders, some records with only a year.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from kim.cases.matching import PersonRecord

# "Spelling|Other spelling|…|original script" ("" when there is no other script)
ARABIC_GIVEN = """
Mohammed|Muhammad|Mohamad|Mohamed|محمد; Ahmad|Ahmed|Achmed|أحمد; Youssef|Yusuf|Jusuf|Yousef|يوسف;
Omar|Umar|عمر; Ali|Aly|علي; Hassan|Hasan|حسن; Hussein|Husein|Hussain|حسين; Khaled|Khalid|Chaled|خالد;
Mahmoud|Mahmud|Machmud|محمود; Ibrahim|Ebrahim|إبراهيم; Mustafa|Mostafa|Moustafa|مصطفى;
Abdulrahman|Abdul Rahman|Abdelrahman|عبد الرحمن; Abdullah|Abdallah|Abdulla|عبدالله; Walid|Waleed|وليد;
Bashar|Baschar|بشار; Tariq|Tarek|طارق; Samir|Sameer|سمير; Jamal|Dschamal|جمال; Fatima|Fatimah|فاطمة;
Aisha|Aischa|Ayesha|عائشة; Zainab|Zaynab|زينب; Maryam|Mariam|مريم; Rania|Ranya|رانيا; Layla|Leila|Laila|ليلى;
Nour|Nur|Noor|نور; Samira|Sameera|سميرة; Hiba|Heba|هبة; Rasha|Rascha|رشا; Amal|أمل; Khadija|Chadidscha|خديجة;
Hanan|حنان; Dima|ديما;
"""
ARABIC_FAMILY = """
Al-Hassan|El Hassan|Alhassan|الحسن; Khalil|Chalil|خليل; Al-Khatib|El-Khatib|الخطيب; Haddad|Hadad|حداد;
Al-Masri|El Masri|المصري; Darwish|Darwisch|درويش; Suleiman|Sulaiman|سليمان; Shaker|Schaker|شاكر;
Jaber|Dschaber|جابر; Al-Ahmad|Alahmad|الأحمد; Mansour|Mansur|منصور; Qasim|Kassem|قاسم; Hamdan|حمدان;
Saleh|Salih|صالح; Othman|Osman|عثمان; Al-Ali|Alali|العلي; Ibrahim|Ebrahim|إبراهيم; Mohammed|Muhammad|محمد;
Hussein|Husein|حسين; Abdullah|Abdallah|عبدالله; Al-Omar|Alomar|العمر; Barakat|بركات; Nasser|Nasser|ناصر;
Issa|Isa|عيسى; Daoud|Dawood|داود; Sheikh|Scheich|الشيخ; Al-Rifai|Rifai|الرفاعي; Kanaan|Kanan|كنعان;
"""
PERSIAN_GIVEN = """
Mohammadreza|Mohammad Reza|محمدرضا; Ali|علی; Reza|رضا; Mehdi|Mahdi|مهدی; Hossein|Hosein|حسین; Ahmad|احمد;
Mohammad|Mohamad|محمد; Ahmad Shah|Ahmadshah|احمد شاه; Zabihullah|Zabiullah|ذبیح الله;
Habibullah|Habib Ullah|حبیب الله; Wahid|Vahid|وحید; Hamid|حمید; Sohrab|سهراب; Morteza|Mortaza|مرتضی;
Sajjad|Sadschad|سجاد; Farid|فرید; Jawad|Javad|جواد; Karim|کریم; Fatemeh|Fateme|فاطمه; Zahra|Sahra|زهرا;
Maryam|Mariam|مریم; Shirin|Schirin|شیرین; Farida|Fareeda|فریده; Parisa|Parissa|پریسا; Nasrin|نسرین;
Shabnam|Schabnam|شبنم; Masoumeh|Masume|معصومه; Soraya|Suraya|ثریا; Khadija|Khadidja|خدیجه; Laleh|Lale|لاله;
"""
PERSIAN_FAMILY = """
Hosseini|Husseini|حسینی; Rezaei|Rezai|رضایی; Ahmadi|Achmadi|احمدی; Mohammadi|Mohamadi|محمدی; Karimi|کریمی;
Rahimi|Rahimy|رحیمی; Jafari|Djafari|جعفری; Hakimi|Hakeemi|حکیمی; Azizi|Asisi|عزیزی; Popalzai|Popalzay|پوپلزی;
Noorzai|Nurzai|نورزی; Sediqi|Siddiqi|صدیقی; Amiri|Amiry|امیری; Sultani|سلطانی; Wardak|Wardag|وردک;
Stanikzai|Stanekzai|استانکزی; Haidari|Heidari|حیدری; Moradi|مرادی; Ghorbani|Gorbani|قربانی; Nazari|نظری;
Mirzaei|Mirzai|میرزایی; Sadeghi|Sadeqi|صادقی; Hashemi|Haschemi|هاشمی; Naseri|ناصری;
"""
UKRAINIAN_GIVEN = """
Oleksandr|Aleksandr|Alexander|Олександр; Andriy|Andrii|Andrij|Андрій; Serhiy|Serhii|Sergej|Сергій;
Mykola|Nikolai|Микола; Dmytro|Dmitri|Дмитро; Volodymyr|Wolodymyr|Володимир; Yevhen|Jewgeni|Євген;
Mykhailo|Michail|Михайло; Ivan|Iwan|Іван; Vitaliy|Vitalii|Witalij|Віталій; Maksym|Maxim|Максим;
Yaroslav|Jaroslaw|Ярослав; Taras|Тарас; Bohdan|Bogdan|Богдан; Yuriy|Jurij|Юрій; Olha|Olga|Ольга;
Tetiana|Tatjana|Тетяна; Iryna|Irina|Ірина; Nataliya|Natalija|Наталія; Yuliia|Julija|Юлія; Oksana|Oxana|Оксана;
Olena|Jelena|Олена; Kateryna|Katerina|Катерина; Svitlana|Swetlana|Світлана; Halyna|Galina|Галина;
Liudmyla|Ljudmila|Людмила; Anastasiia|Anastasia|Анастасія; Khrystyna|Christina|Христина;
Viktoriia|Viktoria|Вікторія; Daryna|Darina|Дарина;
"""
UKRAINIAN_FAMILY = """
Kovalenko|Kowalenko|Коваленко; Shevchenko|Schewtschenko|Шевченко; Melnyk|Melnik|Мельник;
Bondarenko|Бондаренко; Tkachenko|Tkatschenko|Ткаченко; Kravchuk|Krawtschuk|Кравчук; Boyko|Bojko|Бойко;
Koval|Kowal|Коваль; Lysenko|Lyssenko|Лисенко; Hrytsenko|Grizenko|Гриценко; Zhuk|Schuk|Жук;
Marchenko|Martschenko|Марченко; Hnatyuk|Gnatjuk|Гнатюк; Savchuk|Sawtschuk|Савчук;
Kovalchuk|Kowaltschuk|Ковальчук; Pavlenko|Pawlenko|Павленко; Kharchenko|Chartschenko|Харченко; Moroz|Мороз;
Polishchuk|Polischtschuk|Поліщук; Oliynyk|Olijnyk|Олійник; Shevchuk|Schewtschuk|Шевчук; Rudenko|Руденко;
Kozak|Козак; Tymoshenko|Timoschenko|Тимошенко;
"""
TURKISH_KURDISH_GIVEN = """
Mehmet|Mehmed|; Ayşe|Ayse|Aysche|; Hüseyin|Hueseyin|Huseyin|; Mustafa|Mustapha|; Emine|; Fatma|;
Zeynep|Zeinab|; Ahmet|Ahmed|; Çağrı|Cagri|; Gülşen|Gulsen|Guelschen|; Burak|; Elif|; Murat|; Hatice|;
Yusuf|Jusuf|; Rojda|Roschda|; Berivan|Beriwan|; Dilan|Dîlan|; Şêrko|Sherko|Scherko|; Hevîn|Hevin|Hewin|;
Azad|Asad|; Jiyan|Jian|; Sirwan|; Newroz|Nevroz|;
"""
TURKISH_KURDISH_FAMILY = """
Yılmaz|Yilmaz|; Çelik|Celik|Tschelik|; Öztürk|Ozturk|Oeztuerk|; Doğan|Dogan|; Şahin|Sahin|Schahin|;
Kılıç|Kilic|; Güneş|Gunes|; Kaya|Kaja|; Demir|; Arslan|; Aydın|Aydin|; Yıldız|Yildiz|; Bozan|Bosan|;
Qadir|Kadir|; Xelîl|Khalil|; Ehmed|Ahmed|; Mistefa|Mustafa|;
"""
AFRICAN_GIVEN = """
Yohannes|Johannes|; Tesfaye|Tesfay|; Filmon|Philmon|; Semhar|; Mehret|Mheret|; Aster|; Berhane|; Yonas|;
Senait|; Rahel|; Abdirahman|Cabdiraxmaan|; Mohamed|Maxamed|; Hodan|Hodon|; Asha|Aasha|; Abdi|Cabdi|;
Hawa|Xawa|; Faduma|Fadumo|; Ayaan|Ayan|; Abdiweli|Cabdiweli|;
"""
AFRICAN_FAMILY = """
Gebremedhin|Ghebremedhin|; Tsegay|Tsegai|; Habtemariam|Habte Mariam|; Kidane|Kidanu|; Tekle|; Tekeste|;
Woldemariam|Wolde Mariam|; Ghebreyesus|Gebreyesus|; Warsame|Warsama|; Farah|Faarax|; Hassan|Xasan|;
Jama|Jaamac|; Osman|Cusmaan|; Abdi|Cabdi|; Mohamud|Maxamuud|;
"""
VIETNAMESE_GIVEN = """
Văn Thắng|Van Thang|; Thị Hương|Thi Huong|; Minh Đức|Minh Duc|; Thị Lan|Thi Lan|; Quốc Bảo|Quoc Bao|;
Thị Mai|Thi Mai|; Văn Hùng|Van Hung|; Thanh Hải|Thanh Hai|; Ngọc Ánh|Ngoc Anh|; Thị Thu|Thi Thu|;
Văn Long|Van Long|; Thị Hoa|Thi Hoa|;
"""
VIETNAMESE_FAMILY = """
Nguyễn|Nguyen|; Nguyễn|Nguyen|; Nguyễn|Nguyen|; Trần|Tran|; Lê|Le|; Phạm|Pham|; Hoàng|Hoang|; Huỳnh|Huynh|;
Phan|; Vũ|Vu|; Võ|Vo|; Đặng|Dang|; Bùi|Bui|; Đỗ|Do|;
"""
ROMANIAN_GIVEN = """
Ștefan|Stefan|; Ioana|Joana|; Gheorghe|Georghe|; Mihaela|Michaela|; Florin|; Cătălina|Catalina|; Mihai|;
Vasile|; Elena|; Andrei|Andrej|; Ion|Ioan|; Maria|; Alexandru|Aleksandru|; Cristina|Kristina|; Adrian|;
"""
ROMANIAN_FAMILY = """
Dumitrescu|Dumitresku|; Popescu|Popesku|; Țurcanu|Turcanu|; Constantinescu|Konstantinescu|; Munteanu|;
Ștefănescu|Stefanescu|; Rădulescu|Radulescu|; Ionescu|Ionesku|; Popa|; Stan|; Dinu|; Lungu|;
Ciobanu|Tschobanu|;
"""

# Origin → (share of the population, given pool, family pool, share with a 1 January date, share with only the year)
ORIGINS: dict[str, tuple[float, str, str, float, float]] = {
    "arabic": (0.30, ARABIC_GIVEN, ARABIC_FAMILY, 0.20, 0.05),
    "persian": (0.17, PERSIAN_GIVEN, PERSIAN_FAMILY, 0.30, 0.08),
    "ukrainian": (0.22, UKRAINIAN_GIVEN, UKRAINIAN_FAMILY, 0.0, 0.0),
    "turkish_kurdish": (0.12, TURKISH_KURDISH_GIVEN, TURKISH_KURDISH_FAMILY, 0.05, 0.02),
    "african": (0.07, AFRICAN_GIVEN, AFRICAN_FAMILY, 0.35, 0.10),
    "vietnamese": (0.04, VIETNAMESE_GIVEN, VIETNAMESE_FAMILY, 0.0, 0.0),
    "romanian": (0.08, ROMANIAN_GIVEN, ROMANIAN_FAMILY, 0.0, 0.0),
}


@dataclass(frozen=True)
class Name:
    spellings: tuple[str, ...]
    original: str


def parse_pool(text: str) -> tuple[Name, ...]:
    names = []
    for entry in text.replace("\n", " ").split(";"):
        parts = [p.strip() for p in entry.split("|")]
        if not parts[0]:
            continue
        names.append(Name(spellings=tuple(p for p in parts[:-1] if p) or (parts[0],), original=parts[-1]))
    return tuple(names)


POOLS = {origin: (parse_pool(given), parse_pool(family)) for origin, (_, given, family, _, _) in ORIGINS.items()}


@dataclass(frozen=True)
class Person:
    """One invented person: the names chosen from the pools and the birth date."""

    origin: str
    given: tuple[Name, ...]
    family: Name
    birth: date
    placeholder: bool
    year_only: bool


def _common_first(rng: random.Random, pool: tuple[Name, ...]) -> Name:
    """Names are not equally common (Mohammed, Nguyen): Zipf-like weights, the pool's first most often."""
    return rng.choices(pool, weights=[1 / (rank + 1) for rank in range(len(pool))])[0]


def make_person(rng: random.Random) -> Person:
    origins = list(ORIGINS)
    origin = rng.choices(origins, weights=[ORIGINS[o][0] for o in origins])[0]
    given_pool, family_pool = POOLS[origin]
    count = 2 if rng.random() < 0.15 and origin != "vietnamese" else 1
    given: tuple[Name, ...] = ()
    while len(given) < count:
        name = _common_first(rng, given_pool)
        if name not in given:
            given = (*given, name)
    family = _common_first(rng, family_pool)
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 70))
    _, _, _, placeholder_share, year_only_share = ORIGINS[origin]
    placeholder = rng.random() < placeholder_share
    if placeholder:
        birth = date(birth.year, 1, 1)
    return Person(origin, given, family, birth, placeholder, rng.random() < year_only_share)


def stored_record(person: Person, record_id: str, rng: random.Random) -> PersonRecord:
    """The person as the first office recorded them: first spelling, sometimes the original script."""
    original = ""
    if all(n.original for n in (*person.given, person.family)) and rng.random() < 0.3:
        original = " ".join(n.original for n in (*person.given, person.family))
    return PersonRecord(
        id=record_id,
        given_names=" ".join(n.spellings[0] for n in person.given),
        family_name=person.family.spellings[0],
        names_original=original,
        birth_date=None if person.year_only else person.birth,
        birth_year=person.birth.year if person.year_only else None,
    )


def variant_record(person: Person, record_id: str, rng: random.Random) -> PersonRecord:
    """The same person as another office might record them: other spellings, swapped order,
    a given name left out, original script only, day and month swapped, year off by one."""
    given = [rng.choice(n.spellings) for n in person.given]
    if len(given) > 1 and rng.random() < 0.3:
        given = [rng.choice(given)]
    family = rng.choice(person.family.spellings)
    original = ""
    roll = rng.random()
    if roll < 0.15 and all(n.original for n in (*person.given, person.family)):
        original = " ".join(n.original for n in (*person.given, person.family))
        given, family = [], ""
    elif roll < 0.35:
        given, family = [family], " ".join(given)
    birth: date | None = person.birth
    year: int | None = None
    roll = rng.random()
    if roll < 0.15 and person.birth.day <= 12:
        birth = date(person.birth.year, person.birth.day, person.birth.month)
    elif roll < 0.25:
        birth, year = None, person.birth.year
    elif roll < 0.3:
        birth = date(person.birth.year + 1, person.birth.month, min(person.birth.day, 28))
    return PersonRecord(
        id=record_id,
        given_names=" ".join(given),
        family_name=family,
        names_original=original,
        birth_date=birth,
        birth_year=year,
    )


def population(
    *, seed: int, regions: int, per_region: int, big_region: int
) -> list[tuple[list[Person], list[PersonRecord]]]:
    """``regions`` regions of ``per_region`` clients each, the first of ``big_region`` clients."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    result = []
    for region in range(regions):
        size = big_region if region == 0 else per_region
        people = [make_person(rng) for _ in range(size)]
        records = [stored_record(p, f"r{region}-{i}", rng) for i, p in enumerate(people)]
        result.append((people, records))
    return result
