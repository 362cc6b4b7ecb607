"""Interventions of the Kota Pekalongan demo: a city in mid-programme.

Fourteen interventions in the six kelurahan of Pekalongan Selatan and city-wide, grounded in the seeds
(batik, Kampung Tempe in Kuripan Kertoharjo, online marketing in Sokoduwet, floods in Jenggot and Banyurip,
RTLH, stunting, health cover, school drop-out): planned, ongoing, finished and one cancelled, with budget
lines, progress reports, partner pledges and beneficiaries from the current registry release.

Everything goes through the interventions services, so every check and audit entry applies: an OPD mentor
plans for the kelurahan its OPD mentors, the TKPK admin for other OPDs and the whole city (and for a
mentor the demo does not have). Dates count back from ``today``; nothing is dated after it. The figures
and names are illustrative: descriptions, notes and narratives say "Data contoh".

Idempotent: an intervention whose title exists is left as it is; beneficiaries are added to a demo
intervention that has none yet once a registry release is current (tests load no registry or a tiny one).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal

import polars as pl
from django.db import transaction

from dampingan.access.scope import Scope
from dampingan.accounts.models import User
from dampingan.interventions import access, beneficiaries, partners, services
from dampingan.interventions.models import (
    Beneficiary,
    BeneficiaryStatus,
    Cluster,
    FundingSource,
    Horizon,
    Intervention,
    InterventionStatus,
    InterventionType,
    Partner,
    Strategy,
)
from dampingan.mentoring.models import Opd
from dampingan.registry.diffs import counterparts
from dampingan.registry.models import Household, RegistryRelease
from dampingan.registry.queries import current_release, latest_rank

DEMO = "Data contoh"
ADMIN = "tkpk"

# The six kelurahan of decree 401/0426 (demo.services.PEKALONGAN_SELATAN_ASSIGNMENTS), named here rather than
# imported: demo.services calls this module, as it does demo.meetings.
JENGGOT = "33.75.04.1004"
BANYURIP = "33.75.04.1002"
BUARAN_KRADENAN = "33.75.04.1003"
KURIPAN_YOSOREJO = "33.75.04.1008"
KURIPAN_KERTOHARJO = "33.75.04.1006"
SOKODUWET = "33.75.04.1010"
SELATAN = (JENGGOT, BANYURIP, BUARAN_KRADENAN, KURIPAN_YOSOREJO, KURIPAN_KERTOHARJO, SOKODUWET)

BAZNAS = "BAZNAS Kota Pekalongan"
PKK = "TP-PKK Kota Pekalongan"
BPR = "Bank Perkreditan Rakyat Pekalongan (contoh)"
TEMPE_CSR = "PT Sinar Tempe Nusantara (contoh)"
TOKOH_AGAMA = "Forum Tokoh Agama Pekalongan Selatan (contoh)"

# The targeting measures: eligible households are desil 1-4; the rest that an intervention lists is leakage.
ELIGIBLE_DESIL = 4


@dataclass(frozen=True)
class Budget:
    source: FundingSource
    planned: int  # Rupiah
    realised: int
    at: int = 0  # budget year: that of the month this many months from today, kept within the period
    partner: str = ""
    over_reason: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Progress:
    at: int  # months from today (0 or less)
    physical: int  # per cent
    spent: int  # per cent of the intervention's realised budget spent by then
    narrative: str


@dataclass(frozen=True)
class PartnerPledge:
    partner: str
    what: str
    amount: int | None
    at: int  # pledged that many months from today (0 or less)
    due: int | None = None
    fulfilled: bool = False
    book: bool = False  # book the fulfilled amount as a budget line of the intervention


@dataclass(frozen=True)
class Reach:
    """Whom the intervention reaches in the registry, drawn at random (seeded by the title)."""

    households: int  # priority households (desil 1-4) to draw
    leakage: int = 0  # households in desil 5 and above listed as well: the inclusion error to catch
    overlap_with: str = ""  # an earlier intervention whose reached households this one lists too
    overlap: int = 0
    outsider_nik: str = ""  # a resident the registry does not hold (only for a single-kelurahan plan)
    amount: int | None = None  # what each activated beneficiary received
    item: str = ""
    draw_from: tuple[str, ...] = ()  # for a city-wide intervention: the kelurahan it is drawn from


@dataclass(frozen=True)
class Plan:
    title: str
    description: str
    kelurahan: tuple[str, ...]  # empty: city-wide
    lead_opd: str
    actor: str
    horizon: Horizon
    strategy: Strategy
    cluster: Cluster
    kind: InterventionType
    start: int  # months from today
    end: int | None
    status: InterventionStatus
    targets: tuple[tuple[str, str, int], ...]  # output, unit, target
    budget: tuple[Budget, ...] = ()
    progress: tuple[Progress, ...] = ()
    pledges: tuple[PartnerPledge, ...] = ()
    reach: Reach | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The kelurahan its beneficiaries are drawn from."""
        return self.kelurahan or (self.reach.draw_from if self.reach else ())


TRAINING_TEMPE = "Pelatihan pemasaran daring bagi perajin tempe dan batik Kuripan Kertoharjo"
BATIK_YOUTH = "Pelatihan pewarnaan alami dan desain batik bagi pemuda Buaran Kradenan"
RTLH_JENGGOT = "Rehabilitasi rumah tidak layak huni (RTLH) Kelurahan Jenggot"
KEBUN_GIZI = "Pekarangan pangan lestari dan kebun gizi keluarga Kuripan Yosorejo"
UMKM_SOKODUWET = "Pemasaran daring UMKM perempuan Sokoduwet"

# In creation order: an intervention that lists households of another comes after it.
PLANS = [
    Plan(
        title=TRAINING_TEMPE,
        description="Tindak lanjut keputusan Catur Pilar 2022: produk Kampung Tempe dan batik rumahan dipasarkan "
        "daring, mencontoh Sokoduwet. Pelatihan foto produk, lapak marketplace dan pembayaran QRIS.",
        kelurahan=(KURIPAN_KERTOHARJO,),
        lead_opd="Dindagkop-UKM",
        actor="mentor.dindagkop",
        horizon=Horizon.SHORT,
        strategy=Strategy.RAISE_INCOME,
        cluster=Cluster.MICRO_ENTERPRISE,
        kind=InterventionType.TRAINING,
        start=-20,
        end=-14,
        status=InterventionStatus.DONE,
        targets=(("Peserta pelatihan", "orang", 30), ("Lapak daring aktif", "lapak", 20)),
        budget=(Budget(FundingSource.APBD_KOTA, 30_000_000, 28_450_000, at=-20),),
        progress=(
            Progress(-18, 40, 45, "Angkatan pertama (15 perajin) selesai; foto produk dan lapak dibuat bersama."),
            Progress(-16, 80, 85, "Angkatan kedua selesai; 14 lapak daring sudah menerima pesanan."),
            Progress(-14, 100, 100, "Pelatihan selesai; 22 lapak daring aktif dan terdaftar QRIS."),
        ),
        reach=Reach(households=20, item="Pelatihan pemasaran daring dan paket kuota internet"),
    ),
    Plan(
        title="Modal usaha perajin tempe Kampung Tempe Kuripan Kertoharjo",
        description="Bantuan modal (kedelai, ragi, alat perebusan) dan pendampingan pembukuan bagi perajin tempe "
        "rumahan desil 1-4 di Kampung Tempe, dari peta potensi kelurahan; sebagian peserta pelatihan pemasaran "
        "daring ikut menerima modal.",
        kelurahan=(KURIPAN_KERTOHARJO,),
        lead_opd="Dindagkop-UKM",
        actor="mentor.dindagkop",
        horizon=Horizon.SHORT,
        strategy=Strategy.RAISE_INCOME,
        cluster=Cluster.MICRO_ENTERPRISE,
        kind=InterventionType.BUSINESS_CAPITAL,
        start=-8,
        end=4,
        status=InterventionStatus.ONGOING,
        targets=(
            ("Perajin tempe menerima modal usaha", "orang", 40),
            ("Perajin mengikuti pendampingan pembukuan", "orang", 40),
        ),
        budget=(
            Budget(FundingSource.APBD_KOTA, 80_000_000, 52_500_000, at=-8, notes="Belanja hibah barang usaha mikro"),
            Budget(FundingSource.CSR, 50_000_000, 30_000_000, partner=TEMPE_CSR),
        ),
        progress=(
            Progress(-6, 20, 25, "Verifikasi calon penerima bersama lurah dan LPM; paket kedelai tahap pertama."),
            Progress(-3, 45, 60, "Alat perebusan dibagikan; pembukuan sederhana didampingi tiap bulan."),
            Progress(-1, 60, 80, "Tahap ketiga berjalan; dua perajin berhenti produksi karena sakit."),
        ),
        pledges=(
            PartnerPledge(
                TEMPE_CSR,
                "Tungku perebusan kedelai hemat energi untuk kelompok perajin",
                25_000_000,
                at=-7,
                due=-2,
                fulfilled=True,
                book=True,
            ),
        ),
        reach=Reach(
            households=30,
            leakage=2,
            overlap_with=TRAINING_TEMPE,
            overlap=4,
            amount=2_500_000,
            item="Paket modal usaha: kedelai, ragi dan alat perebusan",
        ),
    ),
    Plan(
        title=RTLH_JENGGOT,
        description="Perbaikan atap, lantai, dinding dan jamban rumah tidak layak huni milik rumah tangga desil 1-3; "
        "sebagian rumah di bantaran yang rawan rob. Material dari APBD Kota dan bantuan provinsi, tenaga dari "
        "swadaya warga.",
        kelurahan=(JENGGOT,),
        lead_opd="Disperkim",
        actor=ADMIN,
        horizon=Horizon.MEDIUM,
        strategy=Strategy.REDUCE_BURDEN,
        cluster=Cluster.OTHER,
        kind=InterventionType.HOUSING_REPAIR,
        start=-14,
        end=10,
        status=InterventionStatus.ONGOING,
        targets=(("Rumah diperbaiki", "unit", 25), ("Jamban sehat dibangun", "unit", 10)),
        budget=(
            Budget(FundingSource.APBD_KOTA, 300_000_000, 240_000_000, at=-14, notes="15 unit x Rp 20 juta"),
            Budget(FundingSource.APBD_PROVINSI, 150_000_000, 150_000_000, at=-2, notes="Bantuan provinsi 10 unit"),
            Budget(
                FundingSource.COMMUNITY,
                30_000_000,
                36_500_000,
                at=-2,
                over_reason="Harga bahan bangunan naik; warga menambah material dan tenaga gotong royong "
                "(dari laporan LPM).",
            ),
        ),
        progress=(
            Progress(-11, 15, 20, "Survei teknis 25 rumah bersama LPM; material tahap pertama dikirim."),
            Progress(-7, 40, 45, "Sepuluh rumah selesai diperbaiki; jamban dikerjakan gotong royong."),
            Progress(-4, 62, 70, "Bantuan provinsi cair; enam rumah tambahan dikerjakan."),
            Progress(-1, 75, 85, "Pekerjaan tertunda dua minggu karena rob; 19 rumah selesai."),
        ),
        pledges=(
            PartnerPledge(
                TOKOH_AGAMA, "Menggerakkan kerja bakti warga untuk rehab RTLH", None, at=-12, due=-10, fulfilled=True
            ),
        ),
        reach=Reach(households=20, leakage=1, amount=17_500_000, item="Material rehab rumah (atap, lantai, dinding)"),
    ),
    Plan(
        title="Normalisasi saluran dan tanggul penahan rob Jenggot-Banyurip",
        description="Jenggot dan Banyurip langganan banjir dan rob: genangan merusak rumah dan menghentikan "
        "produksi batik rumahan. Normalisasi saluran, tanggul dan rumah pompa bertahap, dengan pola padat karya "
        "yang mempekerjakan warga setempat.",
        kelurahan=(JENGGOT, BANYURIP),
        lead_opd="DPUPR",
        actor=ADMIN,
        horizon=Horizon.LONG,
        strategy=Strategy.SHRINK_POCKETS,
        cluster=Cluster.COMMUNITY_EMPOWERMENT,
        kind=InterventionType.INFRASTRUCTURE,
        start=-30,
        end=42,
        status=InterventionStatus.ONGOING,
        targets=(
            ("Saluran dinormalisasi", "meter", 2400),
            ("Tanggul dibangun", "meter", 800),
            ("Rumah pompa", "unit", 1),
        ),
        budget=(
            Budget(FundingSource.APBN, 1_500_000_000, 640_000_000, at=-30, notes="Bantuan pusat melalui balai sungai"),
            Budget(FundingSource.APBD_KOTA, 450_000_000, 380_000_000, at=-18),
            Budget(FundingSource.DANA_KELURAHAN, 60_000_000, 57_000_000, at=-6, notes="Padat karya tunai warga"),
            Budget(FundingSource.APBD_KOTA, 500_000_000, 120_000_000),
        ),
        progress=(
            Progress(-26, 8, 10, "Desain teknis dan pembebasan sempadan saluran selesai."),
            Progress(-18, 22, 35, "Saluran 700 m dinormalisasi; tanggul tahap pertama 200 m."),
            Progress(-10, 35, 55, "Rumah pompa dalam pembangunan; 60 warga bekerja padat karya."),
            Progress(-2, 48, 75, "Saluran 1.300 m dan tanggul 420 m selesai; genangan surut lebih cepat."),
        ),
    ),
    Plan(
        title="Kampung Siaga Bencana dan padat karya warga terdampak banjir Banyurip",
        description="Kampung Siaga Bencana, pelatihan evakuasi dan dapur umum, dan upah padat karya pembersihan "
        "saluran bagi warga miskin terdampak banjir; warga terdampak yang belum terdata diusulkan masuk DTKS.",
        kelurahan=(BANYURIP,),
        lead_opd="BPBD",
        actor="mentor.bpbd",
        horizon=Horizon.MEDIUM,
        strategy=Strategy.SHRINK_POCKETS,
        cluster=Cluster.COMMUNITY_EMPOWERMENT,
        kind=InterventionType.TRAINING,
        start=-10,
        end=14,
        status=InterventionStatus.ONGOING,
        targets=(("Relawan kampung siaga terlatih", "orang", 40), ("Warga bekerja padat karya", "orang", 60)),
        budget=(
            Budget(FundingSource.APBD_KOTA, 120_000_000, 72_000_000, at=-10),
            Budget(FundingSource.DANA_KELURAHAN, 45_000_000, 30_000_000),
        ),
        progress=(
            Progress(-8, 20, 25, "Relawan dibentuk per RW; simulasi evakuasi pertama."),
            Progress(-4, 50, 55, "Padat karya pembersihan saluran menjelang musim hujan, 35 warga."),
            Progress(-1, 60, 68, "Dapur umum diuji saat banjir; pendataan warga yang belum masuk DTKS."),
        ),
        pledges=(
            PartnerPledge(PKK, "Kader PKK membantu dapur umum dan pendataan warga terdampak", None, at=-9, due=2),
        ),
        reach=Reach(
            households=25,
            leakage=1,
            outsider_nik="3375046505850917",
            amount=1_200_000,
            item="Upah padat karya pembersihan saluran (10 hari kerja)",
        ),
    ),
    Plan(
        title=BATIK_YOUTH,
        description="Buaran Kradenan adalah sentra batik rumahan. Pemuda dari keluarga miskin dilatih pewarnaan "
        "alami, desain motif dan standar mutu, lalu magang di usaha batik setempat.",
        kelurahan=(BUARAN_KRADENAN,),
        lead_opd="Dinperinaker",
        actor=ADMIN,
        horizon=Horizon.SHORT,
        strategy=Strategy.RAISE_INCOME,
        cluster=Cluster.MICRO_ENTERPRISE,
        kind=InterventionType.TRAINING,
        start=-18,
        end=-11,
        status=InterventionStatus.DONE,
        targets=(("Peserta pelatihan", "orang", 25), ("Peserta magang di usaha batik", "orang", 15)),
        budget=(
            Budget(FundingSource.APBD_PROVINSI, 60_000_000, 57_600_000, at=-18, notes="Bantuan keuangan provinsi"),
            Budget(FundingSource.APBD_KOTA, 25_000_000, 21_000_000, at=-18),
        ),
        progress=(
            Progress(-16, 35, 40, "Pelatihan pewarnaan alami (indigo, tingi, jambal) 25 peserta."),
            Progress(-13, 80, 85, "Magang di 8 usaha batik; 3 peserta mundur karena bekerja di luar kota."),
            Progress(-11, 100, 100, "Program selesai; 13 peserta diterima bekerja di usaha batik tempat magang."),
        ),
        reach=Reach(households=18, item="Pelatihan dan paket bahan pewarna alami"),
    ),
    Plan(
        title="Pencegahan anak putus sekolah: pendampingan belajar dan perlengkapan sekolah",
        description="Anak keluarga desil 1-3 yang berhenti sekolah untuk membantu usaha batik keluarga. Pojok baca "
        "kelurahan, pendampingan belajar oleh relawan, perlengkapan sekolah dan beasiswa BAZNAS; rujukan ke Dindik "
        "untuk PIP dan kejar paket.",
        kelurahan=(BUARAN_KRADENAN,),
        lead_opd="Dinarpus",
        actor="mentor.dinarpus",
        horizon=Horizon.LONG,
        strategy=Strategy.REDUCE_BURDEN,
        cluster=Cluster.FAMILY_ASSISTANCE,
        kind=InterventionType.EDUCATION,
        start=-26,
        end=40,
        status=InterventionStatus.ONGOING,
        targets=(("Anak didampingi tetap atau kembali bersekolah", "anak", 50), ("Pojok baca kelurahan", "unit", 1)),
        budget=(
            Budget(FundingSource.APBD_KOTA, 40_000_000, 34_000_000, at=-26),
            Budget(FundingSource.APBD_KOTA, 45_000_000, 30_000_000, at=-12),
            Budget(FundingSource.BAZNAS, 60_000_000, 45_000_000, at=-12, partner=BAZNAS),
        ),
        progress=(
            Progress(-22, 10, 15, "Pendataan anak putus sekolah bersama RT; pojok baca dibuka di aula kelurahan."),
            Progress(-14, 30, 40, "22 anak didampingi belajar dua kali seminggu; 9 kembali ke sekolah."),
            Progress(-6, 45, 60, "Perlengkapan sekolah dibagikan; 6 anak ikut kejar paket B."),
            Progress(-1, 55, 75, "Beasiswa BAZNAS diterima 20 siswa; pendampingan berlanjut."),
        ),
        pledges=(
            PartnerPledge(
                BAZNAS,
                "Beasiswa zakat untuk 20 siswa SMP/SMA dari keluarga desil 1-2",
                36_000_000,
                at=-5,
                due=1,
                fulfilled=True,
                book=True,
            ),
        ),
        reach=Reach(
            households=25,
            leakage=1,
            overlap_with=BATIK_YOUTH,
            overlap=3,
            amount=750_000,
            item="Perlengkapan sekolah (seragam, tas, buku)",
        ),
    ),
    Plan(
        title=KEBUN_GIZI,
        description="Kelompok wanita tani menanam sayur dan cabai serta memelihara lele di pekarangan, untuk "
        "mengurangi belanja pangan keluarga miskin dan menambah asupan gizi balita.",
        kelurahan=(KURIPAN_YOSOREJO,),
        lead_opd="Dinperpa",
        actor="mentor.dinperpa",
        horizon=Horizon.SHORT,
        strategy=Strategy.REDUCE_BURDEN,
        cluster=Cluster.COMMUNITY_EMPOWERMENT,
        kind=InterventionType.OTHER,
        start=-5,
        end=7,
        status=InterventionStatus.ONGOING,
        targets=(("Keluarga menanam pekarangan", "KK", 35), ("Kebun bibit kelurahan", "unit", 1)),
        budget=(
            Budget(FundingSource.APBD_KOTA, 35_000_000, 18_000_000, at=-5),
            Budget(FundingSource.DANA_KELURAHAN, 15_000_000, 9_500_000),
        ),
        progress=(
            Progress(-3, 30, 35, "Kebun bibit kelurahan berdiri; bibit dibagikan ke 20 keluarga."),
            Progress(-1, 55, 60, "Panen sayur pertama; kolam lele terpal di 12 pekarangan."),
        ),
        pledges=(PartnerPledge(PKK, "Kader PKK mendampingi kelompok wanita tani", None, at=-4, fulfilled=True),),
        reach=Reach(households=25, item="Bibit sayur, polybag dan benih lele"),
    ),
    Plan(
        title="Percepatan penurunan stunting: makanan tambahan dan kelas ibu balita",
        description="Makanan tambahan berbahan pangan lokal, kelas ibu hamil dan ibu balita di posyandu, dan "
        "pemantauan tumbuh kembang bagi keluarga berisiko stunting di Sokoduwet dan Kuripan Yosorejo.",
        kelurahan=(SOKODUWET, KURIPAN_YOSOREJO),
        lead_opd="Dinkes",
        actor=ADMIN,
        horizon=Horizon.MEDIUM,
        strategy=Strategy.REDUCE_BURDEN,
        cluster=Cluster.FAMILY_ASSISTANCE,
        kind=InterventionType.HEALTH,
        start=-16,
        end=20,
        status=InterventionStatus.ONGOING,
        targets=(("Balita berisiko stunting menerima PMT", "balita", 60), ("Kelas ibu balita", "kali", 24)),
        budget=(
            Budget(FundingSource.APBN, 90_000_000, 72_000_000, at=-16, notes="DAK nonfisik bidang kesehatan"),
            Budget(FundingSource.APBD_KOTA, 60_000_000, 41_000_000),
        ),
        progress=(
            Progress(-13, 15, 20, "Penimbangan serentak; 48 balita berisiko stunting tercatat."),
            Progress(-8, 40, 45, "PMT lokal 90 hari tahap pertama; kelas ibu balita tiap bulan di 6 posyandu."),
            Progress(-4, 55, 60, "Sebelas balita keluar dari kategori berisiko."),
            Progress(-1, 65, 72, "PMT tahap kedua; kunjungan rumah oleh bidan kelurahan."),
        ),
        pledges=(PartnerPledge(PKK, "Kader PKK mendampingi 40 keluarga berisiko stunting", None, at=-15, due=3),),
        reach=Reach(households=30, overlap_with=KEBUN_GIZI, overlap=3, item="Paket PMT lokal 90 hari"),
    ),
    Plan(
        title=UMKM_SOKODUWET,
        description="Sokoduwet dikenal dengan pemasaran daringnya (Catur Pilar 2022). Perempuan pelaku usaha dari "
        "keluarga desil 1-4 dilatih berjualan daring dan dihubungkan dengan kredit usaha mikro BPR.",
        kelurahan=(SOKODUWET,),
        lead_opd="DPMPPA",
        actor="mentor.dpmppa",
        horizon=Horizon.SHORT,
        strategy=Strategy.RAISE_INCOME,
        cluster=Cluster.MICRO_ENTERPRISE,
        kind=InterventionType.TRAINING,
        start=-12,
        end=-3,
        status=InterventionStatus.DONE,
        targets=(("Perempuan pelaku usaha dilatih", "orang", 40), ("Pelaku usaha mendapat kredit mikro", "orang", 15)),
        budget=(
            Budget(FundingSource.APBD_KOTA, 45_000_000, 42_300_000, at=-12),
            Budget(FundingSource.BANK, 150_000_000, 112_500_000, at=-6, partner=BPR, notes="Kredit usaha mikro"),
        ),
        progress=(
            Progress(-10, 30, 30, "Pelatihan berjualan daring dua angkatan di balai kelurahan."),
            Progress(-6, 70, 75, "Sebelas peserta menerima kredit mikro BPR; pendampingan toko daring."),
            Progress(-3, 100, 100, "Program selesai; omzet rata-rata peserta naik menurut survei akhir."),
        ),
        pledges=(
            PartnerPledge(
                BPR,
                "Kredit usaha mikro bunga 6% per tahun untuk peserta pelatihan",
                150_000_000,
                at=-11,
                due=-4,
                fulfilled=True,
            ),
        ),
        reach=Reach(households=30, leakage=2, item="Pelatihan pemasaran daring"),
    ),
    Plan(
        title="Pendaftaran JKN-PBI daerah bagi warga desil 1-4 yang belum memiliki jaminan kesehatan",
        description="Warga desil 1-4 yang belum terdaftar BPJS Kesehatan didaftarkan sebagai peserta PBI yang "
        "iurannya dibayar APBD; sasaran dari data terpadu, diverifikasi kelurahan. Dimulai di Pekalongan Selatan.",
        kelurahan=(),
        lead_opd="Dinsos-P2KB",
        actor=ADMIN,
        horizon=Horizon.SHORT,
        strategy=Strategy.REDUCE_BURDEN,
        cluster=Cluster.FAMILY_ASSISTANCE,
        kind=InterventionType.HEALTH,
        start=-6,
        end=6,
        status=InterventionStatus.ONGOING,
        targets=(("Warga didaftarkan PBI daerah", "jiwa", 1500),),
        budget=(
            Budget(FundingSource.APBD_KOTA, 756_000_000, 378_000_000, at=-6, notes="Iuran Rp 42.000/jiwa/bulan"),
            Budget(FundingSource.APBD_PROVINSI, 189_000_000, 94_500_000, at=-6, notes="Bagi iuran provinsi"),
        ),
        progress=(
            Progress(-4, 30, 30, "Verifikasi sasaran di enam kelurahan Pekalongan Selatan; 610 jiwa didaftarkan."),
            Progress(-1, 55, 50, "Pendaftaran di kecamatan lain dimulai; 840 jiwa aktif sebagai peserta."),
        ),
        reach=Reach(
            households=36,
            leakage=2,
            overlap_with=RTLH_JENGGOT,
            overlap=3,
            item="Kartu JKN-KIS PBI daerah",
            draw_from=SELATAN,
        ),
    ),
    Plan(
        title="Bank sampah dan pengolahan limbah cair batik Jenggot",
        description="Bank sampah RW dan IPAL kecil untuk limbah cair batik rumahan yang mencemari saluran dan "
        "memperparah genangan; tabungan sampah menambah pendapatan keluarga miskin. Menunggu anggaran perubahan.",
        kelurahan=(JENGGOT,),
        lead_opd="DLH",
        actor="mentor.dlh",
        horizon=Horizon.MEDIUM,
        strategy=Strategy.SHRINK_POCKETS,
        cluster=Cluster.COMMUNITY_EMPOWERMENT,
        kind=InterventionType.OTHER,
        start=-2,
        end=22,
        status=InterventionStatus.PLANNED,
        targets=(("Bank sampah RW aktif", "unit", 4), ("Nasabah dari keluarga desil 1-4", "KK", 80)),
        budget=(
            Budget(FundingSource.APBD_KOTA, 150_000_000, 0),
            Budget(FundingSource.DANA_KELURAHAN, 20_000_000, 0),
        ),
        pledges=(PartnerPledge(TOKOH_AGAMA, "Sosialisasi pilah sampah di majelis taklim", None, at=-1, due=3),),
        reach=Reach(households=15),
    ),
    Plan(
        title="IPAL komunal limbah tempe Kampung Tempe",
        description="Instalasi pengolahan air limbah komunal untuk air rendaman dan rebusan kedelai Kampung Tempe. "
        "Dibatalkan: lahan yang diusulkan ternyata bersengketa; diusulkan lagi setelah ada lahan pengganti.",
        kelurahan=(KURIPAN_KERTOHARJO,),
        lead_opd="DLH",
        actor=ADMIN,
        horizon=Horizon.LONG,
        strategy=Strategy.SHRINK_POCKETS,
        cluster=Cluster.OTHER,
        kind=InterventionType.INFRASTRUCTURE,
        start=-9,
        end=51,
        status=InterventionStatus.CANCELLED,
        targets=(("IPAL komunal", "unit", 1), ("Rumah produksi tersambung", "unit", 45)),
        budget=(Budget(FundingSource.APBD_KOTA, 650_000_000, 0, at=-9, notes="Dialihkan pada anggaran perubahan"),),
    ),
    Plan(
        title="Zakat produktif untuk modal usaha lulusan pelatihan kewirausahaan",
        description="Tindak lanjut Rakor TKPK 2025: BAZNAS menyalurkan zakat produktif sebagai modal usaha bagi "
        "warga desil 1-2 yang telah mengikuti pelatihan kewirausahaan; daftar sasaran dari data terpadu.",
        kelurahan=(),
        lead_opd="Dindagkop-UKM",
        actor=ADMIN,
        horizon=Horizon.SHORT,
        strategy=Strategy.RAISE_INCOME,
        cluster=Cluster.MICRO_ENTERPRISE,
        kind=InterventionType.BUSINESS_CAPITAL,
        start=-2,
        end=10,
        status=InterventionStatus.PLANNED,
        targets=(("Penerima zakat produktif", "orang", 60),),
        budget=(Budget(FundingSource.BAZNAS, 180_000_000, 0, partner=BAZNAS),),
        pledges=(PartnerPledge(BAZNAS, "Zakat produktif Rp 3 juta per penerima", 180_000_000, at=-1, due=3),),
        reach=Reach(households=20, overlap_with=UMKM_SOKODUWET, overlap=4, draw_from=SELATAN),
    ),
]


def months_from(today: dt.date, months: int) -> dt.date:
    """The day ``months`` months from ``today`` (negative: before), on the 28th at the latest so that every
    month has it; never after ``today`` for ``months`` <= 0."""
    index = today.year * 12 + today.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, min(today.day, 28))


def _actor(plan: Plan) -> User:
    """The plan's mentor, or the TKPK admin (naming the lead OPD) when the demo has no such mentor."""
    actor = User.objects.filter(username=plan.actor, is_active=True).first()
    if actor is None or not access.may_manage(Scope.for_user(actor), plan.kelurahan, city_wide=not plan.kelurahan):
        actor = User.objects.get(username=ADMIN)
    return actor


def _create(plan: Plan, actor: User, today: dt.date) -> Intervention:
    start = months_from(today, plan.start)
    end = months_from(today, plan.end) if plan.end is not None else None
    intervention = services.create_intervention(
        actor,
        {
            "title": plan.title,
            "description": f"{plan.description} ({DEMO}.)",
            "city_wide": not plan.kelurahan,
            "kelurahan": list(plan.kelurahan),
            "lead_opd": Opd.objects.get(abbreviation=plan.lead_opd),
            "horizon": plan.horizon,
            "strategy": plan.strategy,
            "cluster": plan.cluster,
            "kind": plan.kind,
            "start_date": start,
            "end_date": end,
            "targets": [{"description": d, "unit": u, "target": t} for d, u, t in plan.targets],
        },
    )
    for line in plan.budget:
        year = months_from(today, line.at).year
        year = max(start.year, min(year, end.year if end else year))
        services.add_budget_line(
            actor,
            intervention,
            {
                "source": line.source,
                "partner": Partner.objects.get(name=line.partner) if line.partner else None,
                "year": year,
                "planned": line.planned,
                "realised": line.realised,
                "over_reason": line.over_reason,
                "notes": f"{line.notes}. {DEMO}" if line.notes else DEMO,
            },
        )
    for spec in plan.pledges:
        pledge = partners.create_pledge(
            actor,
            Partner.objects.get(name=spec.partner),
            {
                "what": f"{spec.what} ({DEMO.lower()})",
                "amount": spec.amount,
                "intervention": intervention,
                "pledged_on": months_from(today, spec.at),
                "due_on": months_from(today, spec.due) if spec.due is not None else None,
            },
        )
        if spec.fulfilled:
            partners.fulfil_pledge(actor, pledge, record_contribution=spec.book)
    realised = sum((line.realised for line in intervention.budget_lines.all()), Decimal(0))
    targets = list(intervention.targets.order_by("pk"))
    for report in plan.progress:
        services.report_progress(
            actor,
            intervention,
            {
                "date": months_from(today, report.at),
                "physical_percent": report.physical,
                # Rounded to thousands, as a treasurer reports it.
                "budget_realised": realised * report.spent // 100 // 1000 * 1000,
                "narrative": f"{report.narrative} ({DEMO.lower()})",
            },
            outputs={t.pk: t.target * report.physical // 100 for t in targets},
        )
    # Progress reports have moved it to ongoing; a plan goes no further than that without a status change.
    path = {
        InterventionStatus.PLANNED: [],
        InterventionStatus.ONGOING: [InterventionStatus.ONGOING],
        InterventionStatus.DONE: [InterventionStatus.ONGOING, InterventionStatus.DONE],
        InterventionStatus.CANCELLED: [InterventionStatus.CANCELLED],
    }[plan.status]
    for status in path:
        intervention = services.change_status(actor, intervention, status)
    return intervention


def _households(release: RegistryRelease, codes: tuple[str, ...]) -> list[tuple[int, int | None, str]]:
    return list(
        Household.objects.filter(release=release, kelurahan_id__in=codes)
        .annotate(desil=latest_rank())
        .order_by("pk")
        .values_list("pk", "desil", "kelurahan_id")
    )


def _draw(plan: Plan, reach: Reach, release: RegistryRelease) -> list[int]:
    """Household ids in the order their statuses are handed out: overlap first (so that they are reached),
    then priority households, then the leakage."""
    rng = random.Random(plan.title)  # noqa: S311 - reproducible demo data, not a secret
    chosen: list[int] = []
    if reach.overlap_with:
        earlier = (
            Beneficiary.objects.filter(
                intervention__title=reach.overlap_with,
                household__isnull=False,
                kelurahan_id__in=plan.codes,
                desil__lte=ELIGIBLE_DESIL,
                status__in=[BeneficiaryStatus.ACTIVE, BeneficiaryStatus.GRADUATED],
            )
            # The better-off of the poor get a second programme: the overlap the targeting page flags.
            .order_by("-desil", "pk")
            .values_list("household_id", "household__release_id")
        )
        chosen += _in_release(list(earlier), release, plan.codes)[: reach.overlap]
    pool = [h for h in _households(release, plan.codes) if h[0] not in chosen]
    per_kelurahan = math.ceil(reach.households / len(plan.codes))
    for code in plan.codes:
        eligible = [pk for pk, desil, kel in pool if kel == code and desil is not None and desil <= ELIGIBLE_DESIL]
        # At most a third of a kelurahan's priority households, so that poor households stay unreached
        # and the targeting page has coverage gaps (and overlap) to show.
        cap = max(1, len(eligible) // 3) if eligible else 0
        chosen += rng.sample(eligible, min(per_kelurahan, cap))
    better_off = [pk for pk, desil, _kel in pool if desil is not None and desil > ELIGIBLE_DESIL]
    chosen += rng.sample(better_off, min(reach.leakage, len(better_off)))
    return chosen


def _in_release(households: list[tuple[int, int]], release: RegistryRelease, codes: tuple[str, ...]) -> list[int]:
    """The households of ``release`` that these (household id, release id) pairs are, in order, if they still
    live in ``codes``: the same household, or for an earlier release the one the release diff matched it to."""
    successors: dict[int, int] = {}
    for other in RegistryRelease.objects.filter(pk__in={r for _h, r in households if r != release.pk}):
        pairs = counterparts(other, release).filter(pl.col("lives_in").is_in(codes))
        successors.update(zip(pairs["household"].to_list(), pairs["counterpart"].to_list(), strict=True))
    found = [h if r == release.pk else successors.get(h) for h, r in households]
    return list(dict.fromkeys(h for h in found if h is not None))


def _statuses(status: str, count: int) -> list[str]:
    """Final statuses for ``count`` beneficiaries of an intervention in ``status``, activated ones first."""
    by_status: dict[str, list[tuple[str, float]]] = {
        InterventionStatus.PLANNED: [],
        InterventionStatus.ONGOING: [
            (BeneficiaryStatus.ACTIVE, 0.55),
            (BeneficiaryStatus.GRADUATED, 0.15),
            (BeneficiaryStatus.SUSPENDED, 0.1),
        ],
        InterventionStatus.DONE: [(BeneficiaryStatus.GRADUATED, 0.85), (BeneficiaryStatus.SUSPENDED, 0.15)],
    }
    shares = by_status.get(status, [])
    result: list[str] = []
    for beneficiary_status, share in shares:
        result += [beneficiary_status] * min(round(count * share), count - len(result))
    return result + [BeneficiaryStatus.PROPOSED] * (count - len(result))


def _add_beneficiaries(
    plan: Plan, intervention: Intervention, actor: User, release: RegistryRelease, today: dt.date
) -> int:
    """Households drawn for ``plan``, moved along proposed → active → graduated or suspended on dates within
    the intervention's period so far, with what each activated one received. Returns how many were added."""
    reach = plan.reach
    assert reach is not None
    ids = _draw(plan, reach, release)
    if not ids:
        return 0
    start = intervention.start_date
    span = ((min(intervention.end_date, today) if intervention.end_date else today) - start).days

    def day(share: float) -> dt.date:
        return start + dt.timedelta(days=round(span * share))

    added = beneficiaries.add_households(
        actor, intervention, ids, on=day(0.05), reason=f"Diusulkan dari daftar data terpadu ({DEMO.lower()})"
    )
    by_household = {b.household_id: b for b in added}
    final = list(zip([by_household[pk] for pk in ids], _statuses(intervention.status, len(ids)), strict=True))
    if reach.outsider_nik:
        _report, outsiders = beneficiaries.add_by_identifiers(
            actor,
            intervention,
            niks=[reach.outsider_nik],
            on=day(0.05),
            reason=f"Warga terdampak yang belum terdata di DTKS, diusulkan lurah ({DEMO.lower()})",
        )
        planned = intervention.status == InterventionStatus.PLANNED
        final += [(b, BeneficiaryStatus.PROPOSED if planned else BeneficiaryStatus.ACTIVE) for b in outsiders]
    activated = [b for b, status in final if status != BeneficiaryStatus.PROPOSED]
    if activated:
        beneficiaries.change_status(
            actor, activated, BeneficiaryStatus.ACTIVE, day(0.25), f"Terverifikasi di lapangan ({DEMO.lower()})"
        )
    for status, share, reason in (
        (BeneficiaryStatus.SUSPENDED, 0.6, "Pindah domisili atau berhenti mengikuti kegiatan"),
        (BeneficiaryStatus.GRADUATED, 0.95, "Menyelesaikan program"),
    ):
        group = [b for b, final_status in final if final_status == status]
        if group:
            beneficiaries.change_status(actor, group, status, day(share), f"{reason} ({DEMO.lower()})")
    if reach.amount is not None or reach.item:
        for beneficiary in activated:
            beneficiaries.record_receipt(
                actor, beneficiary, {"on": day(0.3), "amount": reach.amount, "item": reach.item, "notes": DEMO}
            )
    return len(final)


def load_demo_interventions(today: dt.date, drawn_before: dt.date | None = None) -> list[str]:
    """Create the demo interventions that are missing, dated back from ``today``; add beneficiaries to those
    that have none yet when a registry release is current (with ``drawn_before``, only to those that started
    before that day: the demo calls this between its releases, so that an intervention of 2023 lists
    households of the release current then). Returns what was created, one line each."""
    created: list[str] = []
    release = current_release()
    for plan in PLANS:
        actor = _actor(plan)
        with transaction.atomic():
            intervention = Intervention.objects.filter(title=plan.title).order_by("pk").first()
            if intervention is None:
                intervention = _create(plan, actor, today)
                created.append(f"intervention {plan.title} ({intervention.status})")
            if (
                plan.reach is not None
                and release is not None
                and intervention.status != InterventionStatus.CANCELLED
                and not intervention.beneficiaries.exists()
                and (drawn_before is None or intervention.start_date < drawn_before)
            ):
                count = _add_beneficiaries(plan, intervention, actor, release, today)
                if count:
                    created.append(f"{count} beneficiaries of {plan.title}")
    return created
