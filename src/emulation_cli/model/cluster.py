"""cluster.yaml: the cluster, its year, members and roles, periods, documents and policies."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, Strict, StringConstraints, model_validator
from pydantic.config import JsonDict

from ..i18n import N_
from .base import Code, Count, Date, ExactFraction, Model, Slug, Text, Year
from .rubric import Ranking

Role = Literal["cum_truong", "cum_pho", "thanh_vien"]
DocumentType = Literal["KH", "QĐ", "BC", "BB", "TTr", "TB", "CV", "GƯ"]


class LegalBasis(Model):
    """Căn cứ pháp lý, cited by every document dated while it is in force.

    In force from `effective` (else `date`) until `expires` or the day its replacement (`replaced_by`) takes
    effect, whichever comes first: model/legal.py."""

    id: Code
    title: Text = Field(description="Tên văn bản, ví dụ: Luật Thi đua, khen thưởng.")
    number: Text | None = Field(None, description="Số, ký hiệu, ví dụ: 06/2022/QH15.")
    issuer: Text | None = None
    date: Date = Field(description="Ngày ban hành (ngày ký, hoặc ngày Quốc hội thông qua một luật).")
    effective: Date | None = Field(
        None,
        description="Ngày có hiệu lực, ví dụ 2024-01-01 cho Luật Thi đua, khen thưởng 2022 (Điều 94 của Luật), "
        "2025-07-01 cho Nghị định 152/2025/NĐ-CP. Văn bản chỉ được dẫn làm căn cứ từ ngày này.",
        json_schema_extra={"default_from": "date"},
    )
    expires: Date | None = Field(
        None,
        description='Ngày hết hiệu lực, hiểu như "hết hiệu lực kể từ ngày …": ngày đầu tiên văn bản không còn '
        "hiệu lực, thường là ngày văn bản thay thế có hiệu lực (Luật Thi đua, khen thưởng 2003: 2024-01-01; Nghị "
        "định 98/2023/NĐ-CP: 2025-07-01). Bỏ trống: đến ngày văn bản thay thế (`replaced_by`) có hiệu lực, hoặc "
        "còn hiệu lực.",
    )
    replaced_by: Code | None = Field(
        None,
        description="Mã (`id`) của văn bản thay thế trong `legal_bases`, ví dụ Nghị định 98/2023/NĐ-CP được thay "
        "bằng Nghị định 152/2025/NĐ-CP. Văn bản bị thay thế thôi được dẫn từ ngày văn bản thay thế có hiệu lực.",
    )

    @property
    def starts(self) -> Date:
        """The first day the text may be cited: its effective date, never before the text exists."""
        return max(self.date, self.effective) if self.effective is not None else self.date


class IssuedDocument(Model):
    id: Code
    type: DocumentType = Field(description="Loại văn bản: KH, QĐ, BC, BB, TTr, TB, CV, GƯ.")
    number: Text = Field(description="Số, ký hiệu, ví dụ: 972/KH-CTĐ7.")
    date: Date
    title: Text
    issuer: Text | None = Field(
        None,
        description='Cơ quan, người có thẩm quyền ban hành, như ghi trong căn cứ sau chữ "của", ví dụ: Cụm trưởng '
        'Cụm thi đua số 7. Bỏ trống: chính cụm (tên cụm), như ký hiệu của văn bản (…/KH-CTĐ7) và dòng "TM." của '
        "các văn bản cụm ban hành.",
    )


class Member(Model):
    unit: Slug
    role: Role = "thanh_vien"


class RoleChange(Model):
    date: Date = Field(description="Ngày bắt đầu giữ vai trò mới.")
    unit: Slug
    role: Role = Field(description="Vai trò từ ngày này: cum_truong, cum_pho hoặc thanh_vien.")
    note: Text | None = Field(None, description="Lý do, ví dụ: Cụm trưởng sáp nhập vào cơ quan ngoài cụm.")


class MembershipYear(Model):
    year: Year
    members: list[Member] = Field(min_length=1, description="Thành viên trong năm và vai trò từ đầu năm.")
    role_changes: list[RoleChange] = Field(
        default_factory=list,
        description="Thay đổi vai trò trong năm (ví dụ khi Cụm trưởng sáp nhập): vai trò mới có hiệu lực từ `date`; "
        "đơn vị đang giữ vai trò đó (cụm trưởng, cụm phó) thôi giữ từ cùng ngày.",
    )


class MembershipPolicy(Model):
    ranked: Literal["members_at_end", "members_throughout"] = Field(
        "members_at_end",
        description="Đơn vị được xếp hạng trong kỳ: thành viên vào ngày cuối kỳ (mặc định), hoặc thành viên suốt cả "
        "kỳ. Đơn vị đã thôi là thành viên trước ngày cuối kỳ không bao giờ được xếp hạng: được báo cáo riêng, kèm "
        "lý do.",
    )
    votes_counted_on: Literal["meeting_date", "period_end"] = Field(
        "meeting_date",
        description="Ngày xác định tổng số thành viên làm mẫu số biểu quyết, túc số và chỉ tiêu khen thưởng: "
        "ngày họp bình xét (mặc định) hoặc ngày cuối kỳ.",
    )


ClockTime = Annotated[
    str,
    StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$"),
    Field(description='Giờ, phút theo dạng HH:MM, ví dụ "08:00" hoặc "11:30" (viết trong ngoặc kép).'),
]


class Attendee(Model):
    """A person at the meeting, as the biên bản names them (Nghị định 30/2020, Mẫu 1.9)."""

    name: Text = Field(description="Họ và tên.")
    title: Text | None = Field(None, description="Chức vụ, ví dụ: Phó Giám đốc.")
    unit: Slug = Field(description="Mã đơn vị của người dự họp (units.yaml).")


class CountingBoardMember(Model):
    """A member of the Ban kiểm phiếu that the meeting elects to count the secret ballot."""

    name: Text = Field(description="Họ và tên.")
    title: Text | None = Field(None, description="Chức vụ.")
    unit: Slug | None = Field(None, description="Mã đơn vị (units.yaml).")
    role: Literal["truong_ban", "thanh_vien"] = Field(
        "thanh_vien", description="Vai trò trong Ban kiểm phiếu: truong_ban hoặc thanh_vien."
    )


class Meeting(Model):
    date: Date
    place: Text | None = None
    chair: Slug | None = Field(None, description="Đơn vị chủ trì.")
    chair_person: Text | None = Field(
        None,
        description="Họ tên người chủ trì; bỏ trống: người đứng đầu đơn vị chủ trì vào ngày họp (units.yaml, `heads`).",
    )
    secretary: Text | None = Field(None, description="Họ tên thư ký cuộc họp.")
    secretary_unit: Slug | None = Field(None, description="Mã đơn vị của thư ký (units.yaml).")
    start_time: ClockTime | None = Field(None, description="Giờ bắt đầu cuộc họp.")
    end_time: ClockTime | None = Field(None, description="Giờ kết thúc cuộc họp (ghi trong biên bản).")
    present: list[Slug] = Field(default_factory=list, description="Các đơn vị dự họp.")
    absent: list[Slug] = Field(default_factory=list, description="Các đơn vị vắng mặt.")
    absence_reasons: dict[Slug, Text] = Field(
        default_factory=dict,
        description="Lý do vắng mặt của từng đơn vị vắng (mã đơn vị: lý do), ví dụ so-tttt: Đi công tác.",
    )
    attendees: list[Attendee] = Field(
        default_factory=list, description="Những người dự họp: họ tên, chức vụ, đơn vị (ghi trong biên bản)."
    )
    counting_board: list[CountingBoardMember] = Field(
        default_factory=list, description="Ban kiểm phiếu do hội nghị bầu: họ tên, chức vụ, đơn vị, vai trò."
    )
    note: Text | None = None


class Period(Model):
    id: Code = Field(description="Mã kỳ, ví dụ: 2023-H1 (sơ kết) hoặc 2023 (tổng kết). Viết trong ngoặc kép.")
    kind: Literal["so_ket", "tong_ket"]
    title: Text
    start: Date
    end: Date
    meeting: Meeting | None = None


class RubricRef(Model):
    path: Text = Field(description="Đường dẫn đến tệp bộ tiêu chí, tính từ thư mục cụm.")
    version: Text = Field(description="Phiên bản bộ tiêu chí mà cụm áp dụng.")


class RankingBallotRule(Model):
    """How a cluster without a rubric ranks its members: by the ranking ballot of its bình xét meeting."""

    choices: Annotated[int, Strict(), Field(ge=1)] | None = Field(
        None,
        description="Số đơn vị tối đa mỗi phiếu được bầu (ví dụ 3); bỏ trống: không giới hạn. Mỗi phiếu bầu một "
        "đơn vị nhiều nhất một lần.",
    )
    legal_basis: Text | None = Field(
        None,
        description="Căn cứ của cách bình xét, ví dụ: Quy chế hoạt động của Khối; Hướng dẫn số 2746/HD-BTĐKT ngày "
        "24/11/2015 của Ban Thi đua - Khen thưởng Trung ương.",
    )


class ScoringPolicy(Model):
    reconciliation: Literal["appraised_replaces_self", "mean_of_peers", "trimmed_mean"] = Field(
        "appraised_replaces_self",
        description="Cách xác định điểm cuối: điểm thẩm định thay điểm tự chấm; trung bình điểm chấm chéo; "
        "trung bình sau khi bỏ điểm cao nhất và thấp nhất.",
    )
    trim_min_scorers: int = Field(
        5, ge=3, description="Số người chấm tối thiểu để bỏ điểm cao nhất và thấp nhất (ít nhất 3)."
    )
    difference_threshold: Decimal = Field(
        Decimal(2),
        ge=0,
        description="Chênh lệch tự chấm − thẩm định (điểm) vượt ngưỡng này thì được đánh dấu.",
    )
    leader_appraised_by: Slug | None = Field(
        None,
        description="Đơn vị thẩm định, ký phần của cụm trên phiếu chấm của chính đơn vị Cụm trưởng (một người không "
        "ký cả hai phần của một phiếu). Bỏ trống: Cụm phó.",
    )


class Quota(Model):
    count: Count | None = Field(None, description="Số lượng tối đa.")
    ratio: ExactFraction | None = Field(None, description='Tỉ lệ tối đa trên số đơn vị, ví dụ 0.3 hoặc "30%".')
    rounding: Literal["down", "half_up", "up"] = "down"

    @model_validator(mode="after")
    def _count_or_ratio(self) -> Quota:
        if (self.count is None) == (self.ratio is None):
            raise ValueError(N_("give exactly one of `count` and `ratio`"))
        return self


# The validity of a rule (an award title, a gate): it applies on the period's decision date (the meeting, else
# the last day) when that date is within [effective, expires) and its `basis`, if any, is in force then.
RuleBasis = Annotated[
    Code | None,
    Field(
        description="Mã (`id`) căn cứ pháp lý trong `legal_bases` quy định điều này, ví dụ nd-152-2025. Chỉ áp "
        "dụng khi căn cứ còn hiệu lực vào ngày xét (ngày họp bình xét, hoặc ngày cuối kỳ); in kèm khi nêu lý do."
    ),
]
RuleArticle = Annotated[
    Text | None,
    Field(description="Điều, khoản của căn cứ, in trước số hiệu văn bản, ví dụ: Điều 4. Cần có `basis`."),
]
RuleEffective = Annotated[
    Date | None,
    Field(description="Áp dụng từ ngày này (tính theo ngày xét). Bỏ trống: không giới hạn, trừ hiệu lực của `basis`."),
]
RuleExpires = Annotated[
    Date | None,
    Field(description="Thôi áp dụng kể từ ngày này. Bỏ trống: không giới hạn, trừ hiệu lực của `basis`."),
]

AwardKind = Literal["danh_hieu", "hinh_thuc"]

# Luật Thi đua, khen thưởng 2022: Cờ thi đua, Tập thể lao động xuất sắc, Chiến sĩ thi đua … are danh hiệu thi
# đua (Điều 8–9); Huân chương, Huy chương, Kỷ niệm chương, Bằng khen, Giấy khen … are hình thức khen thưởng
# (Điều 31).
_KIND_BY_NAME: tuple[tuple[str, AwardKind], ...] = (
    ("cờ thi đua", "danh_hieu"),
    ("tập thể lao động", "danh_hieu"),
    ("lao động tiên tiến", "danh_hieu"),
    ("chiến sĩ thi đua", "danh_hieu"),
    ("đơn vị quyết thắng", "danh_hieu"),
    ("đơn vị tiên tiến", "danh_hieu"),
    ("bằng khen", "hinh_thuc"),
    ("giấy khen", "hinh_thuc"),
    ("huân chương", "hinh_thuc"),
    ("huy chương", "hinh_thuc"),
    ("kỷ niệm chương", "hinh_thuc"),
)


def award_kind_of(name: str) -> AwardKind | None:
    """The kind an award's name says it is; None when the name does not tell."""
    lowered = _as_compared(name)
    return next((kind for start, kind in _KIND_BY_NAME if lowered.startswith(start)), None)


def is_co_thi_dua(name: str) -> bool:
    """An award whose name says it is a Cờ thi đua (the flag, a cluster's top title)."""
    return _as_compared(name).startswith(_KIND_BY_NAME[0][0])


def _as_compared(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().lower()


def _kind_may_be_left_out(schema: JsonDict) -> None:
    """In the JSON schema `kind` is optional: it is inferred from the name where the name tells."""
    required = schema.get("required")
    if isinstance(required, list) and "kind" in required:
        required.remove("kind")


class AwardTitle(Model):
    model_config = ConfigDict(**Model.model_config, json_schema_extra=_kind_may_be_left_out)

    id: Code
    name: Text
    kind: AwardKind = Field(
        description="danh_hieu: danh hiệu thi đua (Cờ thi đua, Tập thể lao động xuất sắc); hinh_thuc: hình "
        "thức khen thưởng (Bằng khen, Giấy khen). Có thể bỏ trống khi tên đã cho biết (Cờ thi đua…, Bằng "
        "khen…).",
        json_schema_extra={"default_from": "name"},
    )
    quota: Quota
    min_classification: Code | None = Field(None, description="Mức xếp loại tối thiểu (mã trong bộ tiêu chí).")
    requires_vote: bool = True
    government_flag_candidate: bool = Field(
        False, description="Đơn vị nhận danh hiệu này được giới thiệu xét Cờ thi đua của Chính phủ."
    )
    legal_basis: Text | None = Field(
        None,
        description="Căn cứ viết tự do, ví dụ: Điều 26 Luật Thi đua, khen thưởng 2022. Dùng `basis` để dẫn "
        "một căn cứ trong `legal_bases`.",
    )
    basis: RuleBasis = None
    article: RuleArticle = None
    effective: RuleEffective = None
    expires: RuleExpires = None

    @model_validator(mode="before")
    @classmethod
    def _kind_from_name(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("kind") is None and isinstance(data.get("name"), str):
            inferred = award_kind_of(data["name"])
            if inferred is None:
                raise ValueError(
                    N_(
                        "the name does not say whether this award is a danh hiệu thi đua or a hình thức khen "
                        "thưởng: add `kind: danh_hieu` (Cờ thi đua, Tập thể lao động xuất sắc…) or `kind: hinh_thuc` "
                        "(Bằng khen, Giấy khen…)"
                    )
                )
            return {**data, "kind": inferred}
        return data


GateCheck = Literal["passed", "discipline_end"]


class Gate(Model):
    id: Code
    label: Text
    check: GateCheck = Field(
        "passed",
        description="passed: tệp chấm điểm của đơn vị ghi `passed: true` hoặc `false`. discipline_end: thành tích "
        "được tính từ khi chấp hành xong kỷ luật (Điều 4 Nghị định 152/2025/NĐ-CP): đơn vị ghi ngày kỷ luật kết "
        "thúc (`discipline_ended`), hoặc `passed: true` khi không bị kỷ luật, `passed: false` khi chưa chấp hành "
        "xong; không đạt khi kỷ luật kết thúc sau ngày đầu kỳ.",
    )
    legal_basis: Text | None = Field(
        None, description="Căn cứ viết tự do. Dùng `basis` để dẫn một căn cứ trong `legal_bases`."
    )
    basis: RuleBasis = None
    article: RuleArticle = None
    effective: RuleEffective = None
    expires: RuleExpires = None


class VoteRule(Model):
    denominator: Literal["members", "present", "cast"] = Field(
        "members", description="Mẫu số: tổng số thành viên, số dự họp hoặc số phiếu hợp lệ."
    )
    comparator: Literal["gt", "ge"] = Field("gt", description="gt: trên ngưỡng; ge: từ ngưỡng trở lên.")
    threshold: ExactFraction = Fraction(1, 2)
    quorum: ExactFraction = Fraction(2, 3)


class GovernmentFlagRule(Model):
    ratio: ExactFraction = Field(Fraction(1, 5), description="Tỉ lệ Cờ thi đua của Chính phủ trên số cờ cấp tỉnh.")
    rounding: Literal["down", "half_up", "up"] = "down"
    rank_by: Literal["total", "vote_share"] = Field(
        "total", description="Thứ tự xét Cờ của Chính phủ giữa các đơn vị dẫn đầu cụm: tổng điểm hoặc tỉ lệ phiếu."
    )


class AwardPolicy(Model):
    titles: list[AwardTitle] = Field(default_factory=list)
    gates: list[Gate] = Field(default_factory=list)
    vote: VoteRule = Field(default_factory=VoteRule)
    rotation: Literal["pho_to_truong", "none"] = Field(
        "pho_to_truong", description="pho_to_truong: cụm phó năm nay làm cụm trưởng năm sau."
    )
    government_flag: GovernmentFlagRule = Field(default_factory=GovernmentFlagRule)


class Cluster(Model):
    """cluster.yaml"""

    id: Slug
    name: Text = Field(description="Tên cụm, ví dụ: Cụm thi đua số 7.")
    code: Text = Field(description="Ký hiệu dùng trong số văn bản, ví dụ: CTĐ7.")
    province: Text = Field(description="Tỉnh, thành phố, ví dụ: Thành phố Hà Nội.")
    host_body: Text = Field(description="Cơ quan chủ quản ghi phía trên tên cụm, ví dụ: UBND THÀNH PHỐ HÀ NỘI.")
    place: Text = Field(description="Địa danh ghi ở dòng ngày tháng, ví dụ: Hà Nội.")
    year: Year
    theme: Text | None = Field(None, description="Chủ đề năm.")
    legal_bases: list[LegalBasis] = Field(default_factory=list)
    documents: list[IssuedDocument] = Field(default_factory=list, description="Văn bản đã ban hành.")
    members: list[MembershipYear] = Field(min_length=1, description="Thành viên và vai trò theo từng năm.")
    membership: MembershipPolicy = Field(
        default_factory=MembershipPolicy, description="Ai được tính là thành viên khi xếp hạng và biểu quyết."
    )
    periods: list[Period] = Field(min_length=1)
    rubric: RubricRef | None = Field(
        None,
        description="Bộ tiêu chí chấm điểm. Bỏ trống khi cụm không chấm điểm mà xếp hạng các thành viên bằng bình xét "
        "(bỏ phiếu kín), như hướng dẫn của Ban Thi đua - Khen thưởng Trung ương cho các cụm, khối thi đua (Hướng dẫn "
        "1122/BTĐKT-VI năm 2011, 2819/HD-BTĐKT năm 2014, 2745 và 2746/HD-BTĐKT năm 2015): thứ hạng lấy từ phiếu xếp "
        "hạng (`ranking` trong ballots/<kỳ>.yaml).",
    )
    scoring: ScoringPolicy = Field(default_factory=ScoringPolicy)
    ranking: Ranking | None = Field(
        None,
        description="Cách xếp hạng và thứ tự tiêu chí phụ theo Quy chế của cụm; bỏ trống thì dùng của bộ tiêu chí.",
    )
    ranking_ballot: RankingBallotRule | None = Field(
        None,
        description="Cụm không có bộ tiêu chí: quy tắc phiếu xếp hạng (bình xét bằng bỏ phiếu kín, theo các hướng dẫn "
        "của Ban Thi đua - Khen thưởng Trung ương nêu ở `rubric` và Quy chế của cụm). Mỗi phiếu hợp lệ bầu các đơn vị "
        "mà thành viên đề nghị dẫn đầu cụm, mỗi đơn vị nhiều nhất một lần; số phiếu bầu của đơn vị là số phiếu hợp lệ "
        "có tên đơn vị; đơn vị nhiều phiếu hơn xếp trên; bằng số phiếu thì đồng hạng (ví dụ 2=) để hội nghị quyết "
        "định, không phân định theo tên hay thứ tự khai báo. Phiếu bỏ khi không đủ số thành viên dự họp "
        "(`awards.vote.quorum`) không có giá trị.",
    )
    awards: AwardPolicy = Field(default_factory=AwardPolicy)
