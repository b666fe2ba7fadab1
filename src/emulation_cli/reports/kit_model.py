"""What the bình xét kit's templates can use (phiếu bầu, biên bản kiểm phiếu, the chair's sheet): everything a
report has, plus the kit. Values are already formatted; an empty string is a number not known yet, which the
templates print as a "……" placeholder to be filled by hand."""

from __future__ import annotations

from pydantic import Field

from .model import Ctx, ReportContext, UnitRef, VoteCtx


class CandidateCtx(Ctx):
    number: int = Field(description="Số thứ tự trên phiếu bầu.")
    unit: UnitRef = Field(description="Đơn vị.")
    rank: str = Field(description="Thứ hạng, ví dụ: 2 hoặc 2= khi đồng hạng; trống nếu chưa xếp hạng.")
    rank_words: str = Field("", description="Thứ hạng trong câu văn, ví dụ: xếp thứ 2, hoặc đồng hạng 2.")


class VoteCountCtx(VoteCtx):
    """A unit's vote as the counting minutes list it: numbered, the result left blank until the count."""

    number: int = Field(description="Số thứ tự.")


class ProposalNeedCtx(Ctx):
    number: int = Field(description="Số thứ tự đề nghị.")
    unit: UnitRef = Field(description="Đơn vị được đề nghị.")
    rank: str = Field(description="Thứ hạng.")
    voted: bool = Field(description="true nếu đề nghị này phải bỏ phiếu kín.")
    needed: int = Field(description="Số phiếu đồng ý tối thiểu để được đề nghị; 0 nếu không bỏ phiếu.")
    basis: str = Field(description="Mẫu số của tỉ lệ đồng ý, ví dụ: tổng số thành viên (6); trống nếu không bỏ phiếu.")
    status: str = Field(
        description="Tình trạng: Chưa bỏ phiếu, Đạt, Không đạt…; trống nếu khen thưởng này không cần bỏ phiếu."
    )
    replaces: UnitRef | None = Field(
        description="Đơn vị mà đơn vị này thay vào chỗ (không đủ phiếu đồng ý hoặc không đủ điều kiện); trống nếu "
        "không."
    )


class KitAwardCtx(Ctx):
    id: str = Field(description="Mã danh hiệu thi đua, hình thức khen thưởng.")
    name: str = Field(description="Tên, ví dụ: Bằng khen của Chủ tịch UBND Thành phố.")
    kind: str = Field(description="danh hiệu thi đua hoặc hình thức khen thưởng.")
    quota: int = Field(description="Số lượng tối đa đã tính theo Quy chế.")
    requires_vote: bool = Field(description="true nếu khen thưởng này phải bỏ phiếu kín.")
    candidates: list[CandidateCtx] = Field(
        description="Các đơn vị đưa ra bỏ phiếu, theo thứ tự đề nghị (thứ hạng): danh sách in trên phiếu bầu."
    )
    counts: list[VoteCountCtx] = Field(description="Kết quả kiểm phiếu của từng đơn vị, theo thứ tự trên phiếu bầu.")
    proposals: list[ProposalNeedCtx] = Field(
        description="Các đơn vị được đề nghị (kể cả đơn vị đã bỏ phiếu không đạt), theo thứ tự đề nghị."
    )
    reserves: list[CandidateCtx] = Field(
        description="Các đơn vị sẽ được đề nghị tiếp theo, lần lượt theo thứ hạng, nếu một đơn vị không đủ số phiếu "
        "đồng ý (đủ điều kiện, ngoài chỉ tiêu); trống nếu không còn đơn vị nào."
    )
    tie_at_quota: list[UnitRef] = Field(description="Các đơn vị đồng hạng ở ngưỡng chỉ tiêu, để hội nghị quyết định.")


class VoteRuleCtx(Ctx):
    threshold: str = Field(description="Ngưỡng tỉ lệ đồng ý theo Quy chế, dạng phân số, ví dụ: 1/2.")
    above: bool = Field(description="true: phải trên ngưỡng; false: từ ngưỡng trở lên.")
    basis: str = Field(description="Mẫu số viết liền, ví dụ: tổng số thành viên (6).")
    quorum: str = Field(description="Tỉ lệ thành viên phải dự họp để bỏ phiếu có giá trị, ví dụ: 2/3.")
    quorum_needed: int = Field(description="Số thành viên tối thiểu phải dự họp.")
    members: int = Field(description="Số thành viên của cụm tính làm mẫu số biểu quyết.")
    present: str = Field(description="Số thành viên dự họp, nếu đã biết; trống nếu chưa biết.")
    quorum_met: bool = Field(description="true khi số dự họp đã biết và đủ túc số.")


class RankingCountCtx(Ctx):
    number: int = Field(description="Số thứ tự trên phiếu xếp hạng.")
    unit: UnitRef = Field(description="Đơn vị.")
    votes: str = Field(description="Số phiếu bầu của đơn vị; trống khi chưa có kết quả.")


class RankingPaperCtx(Ctx):
    choices: str = Field(description="Số đơn vị tối đa mỗi phiếu được bầu; trống nếu không giới hạn.")
    units: list[RankingCountCtx] = Field(description="Các đơn vị trên phiếu xếp hạng, theo thứ tự khai báo thành viên.")
    recorded: bool = Field(description="true khi tệp bỏ phiếu đã ghi kết quả phiếu xếp hạng.")
    issued: str = Field(description="Số phiếu phát ra; trống khi chưa có kết quả.")
    returned: str = Field(description="Số phiếu thu về; trống khi chưa có kết quả.")
    valid: str = Field(description="Số phiếu hợp lệ; trống khi chưa có kết quả.")
    invalid: str = Field(description="Số phiếu không hợp lệ; trống khi chưa có kết quả.")
    status: str = Field(
        description="Đã kiểm phiếu; Chưa bỏ phiếu; hoặc Không đủ số thành viên dự họp, phải bỏ phiếu lại."
    )


class BallotPaperCtx(Ctx):
    ranking: bool = Field(
        description="true với phiếu xếp hạng (cụm bình xét bằng bỏ phiếu); false với phiếu bầu khen thưởng."
    )
    award: KitAwardCtx | None = Field(description="Khen thưởng của phiếu bầu; trống với phiếu xếp hạng.")
    copies: list[int] = Field(
        description="Số thứ tự từng bản in (1, 2, …): mỗi bản một trang, một bản cho mỗi người dự họp."
    )


class KitCtx(Ctx):
    recorded: bool = Field(description="true khi đã có tệp kết quả bỏ phiếu (ballots/<kỳ>.yaml).")
    rule: VoteRuleCtx = Field(description="Quy tắc biểu quyết và túc số theo Quy chế.")
    awards: list[KitAwardCtx] = Field(description="Các danh hiệu thi đua, hình thức khen thưởng, theo thứ tự khai báo.")
    ranking: RankingPaperCtx | None = Field(description="Phiếu xếp hạng; trống khi cụm xếp hạng theo điểm.")
    copies: int = Field(
        description="Số bản in mỗi phiếu bầu: số thành viên dự họp nếu đã biết, nếu không thì số thành viên."
    )


class KitContext(ReportContext):
    """Phiếu bầu, biên bản kiểm phiếu, ghi nhớ của chủ trì: everything a report has, plus the kit."""

    kit: KitCtx = Field(description="Bộ tài liệu bình xét: quy tắc, khen thưởng, phiếu xếp hạng.")
    paper: BallotPaperCtx | None = Field(description="Phiếu bầu đang in; trống ở các văn bản khác.")
