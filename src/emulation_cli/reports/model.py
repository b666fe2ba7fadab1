"""What every report template can use: the context, as frozen models whose descriptions document each variable.

`emul template variables` and the README's list are generated from these models, and `emul template check`
checks templates against them, so the documentation and the checker cannot drift from what is rendered."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Ctx(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DocumentCtx(Ctx):
    kind: str = Field(description="Loại tài liệu: bao-cao, bien-ban, to-trinh, giao-uoc, phieu-cham.")
    title: str = Field(description="Tên loại văn bản in hoa, ví dụ: BÁO CÁO.")
    number: str = Field(description="Số, ký hiệu để điền khi ban hành, ví dụ: …/BC-CTĐ7; trống nếu không đánh số.")
    date: str = Field(description="Ngày văn bản dạng ngắn, ví dụ: 15/12/2023.")
    date_long: str = Field(description="Ngày văn bản theo Nghị định 30/2020, ví dụ: ngày 08 tháng 9 năm 2023.")
    place_date: str = Field(description="Địa danh và ngày, ví dụ: Hà Nội, ngày 08 tháng 9 năm 2023.")
    addressee: str = Field(
        description='Cơ quan cấp trên nhận văn bản, sau "Kính gửi:", ví dụ: Ban Thi đua - Khen thưởng Thành phố Hà '
        "Nội; trống khi văn bản không gửi lên cấp trên."
    )


class UnitRef(Ctx):
    id: str = Field(description="Mã đơn vị.")
    name: str = Field(description="Tên đầy đủ.")
    name_upper: str = Field(description="Tên đầy đủ in hoa.")
    short_name: str = Field(description="Tên ngắn.")
    abbreviated: bool = Field(
        False, description="true khi tên ngắn khác tên đầy đủ: bảng dùng tên ngắn thì ghi chú tên đầy đủ dưới bảng."
    )
    head_title: str = Field(description="Chức vụ người đứng đầu, ví dụ: Giám đốc; trống nếu chưa khai.")
    head_name: str = Field(description="Họ và tên người đứng đầu; trống nếu chưa khai.")
    role: str = Field(description="Vai trò trong năm: Cụm trưởng, Cụm phó hoặc Thành viên.")


class LegalBasisCtx(Ctx):
    text: str = Field(
        description="Căn cứ viết liền, ví dụ: Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022 của Quốc hội."
    )


class IssuedDocumentCtx(Ctx):
    number: str = Field(description="Số, ký hiệu.")
    date: str = Field(description="Ngày ban hành, ví dụ: 04/4/2023.")
    title: str = Field(description="Trích yếu.")
    issuer: str = Field(description="Cơ quan, người ban hành, ví dụ: Cụm thi đua số 7.")
    citation: str = Field(
        description="Căn cứ viết liền theo thứ tự loại, số, ngày, cơ quan ban hành, trích yếu, ví dụ: Quyết định số "
        "580/QĐ-CTĐ7 ngày 04 tháng 4 năm 2023 của Cụm thi đua số 7 về việc ban hành Quy chế …"
    )


class ClusterCtx(Ctx):
    id: str = Field(description="Mã cụm.")
    name: str = Field(description="Tên cụm, ví dụ: Cụm thi đua số 7.")
    name_upper: str = Field(description="Tên cụm in hoa, ví dụ: CỤM THI ĐUA SỐ 7.")
    code: str = Field(description="Ký hiệu cụm trong số văn bản, ví dụ: CTĐ7.")
    group: str = Field(description="Cụm hoặc Khối, theo tên của cụm (khối) thi đua.")
    province: str = Field(description="Tỉnh, thành phố.")
    host_body: str = Field(description="Cơ quan chủ quản, in hoa, ví dụ: UBND THÀNH PHỐ HÀ NỘI.")
    place: str = Field(description="Địa danh ở dòng ngày tháng.")
    year: int = Field(description="Năm thi đua.")
    theme: str = Field(description="Chủ đề năm; trống nếu không có.")
    legal_bases: list[LegalBasisCtx] = Field(description="Căn cứ pháp lý.")
    documents: list[IssuedDocumentCtx] = Field(description="Văn bản cụm đã ban hành.")
    members: list[UnitRef] = Field(description="Các đơn vị thành viên trong năm của kỳ, theo thứ tự khai báo.")
    cum_truong: UnitRef | None = Field(description="Đơn vị Cụm trưởng trong năm.")
    cum_pho: UnitRef | None = Field(description="Đơn vị Cụm phó trong năm.")


class ClockCtx(Ctx):
    hour: str = Field(description="Giờ, hai chữ số, ví dụ: 08.")
    minute: str = Field(description="Phút, hai chữ số, ví dụ: 00.")


class PersonCtx(Ctx):
    name: str = Field(description="Họ và tên; trống nếu chưa khai.")
    title: str = Field(description="Chức vụ; trống nếu chưa khai.")
    unit: UnitRef | None = Field(description="Đơn vị công tác; trống nếu chưa khai.")


class AttendingUnitCtx(Ctx):
    unit: UnitRef = Field(description="Đơn vị dự họp.")
    people: list[PersonCtx] = Field(
        description="Những người dự họp của đơn vị (`meeting.attendees`, và người chủ trì); trống nếu chưa khai."
    )


class AbsenceCtx(Ctx):
    unit: UnitRef = Field(description="Đơn vị vắng mặt.")
    reason: str = Field(description="Lý do vắng mặt (`meeting.absence_reasons`); trống nếu chưa khai.")


class QuorumCtx(Ctx):
    share: str = Field(description="Tỉ lệ thành viên phải dự họp theo quy chế của cụm, ví dụ: 2/3.")
    needed: int = Field(description="Số đơn vị ít nhất phải dự họp, ví dụ: 4 (2/3 của 6).")
    met: bool | None = Field(description="true khi đủ số thành viên dự họp; trống khi chưa biết số đơn vị dự họp.")


class CountingMemberCtx(Ctx):
    name: str = Field(description="Họ và tên.")
    title: str = Field(description="Chức vụ; trống nếu chưa khai.")
    unit: UnitRef | None = Field(description="Đơn vị; trống nếu chưa khai.")
    head: bool = Field(description="true với Trưởng ban kiểm phiếu.")


class MeetingCtx(Ctx):
    date: str = Field(description="Ngày họp, ví dụ: 15/12/2023.")
    date_long: str = Field(description="Ngày họp theo Nghị định 30/2020.")
    start: ClockCtx | None = Field(description="Giờ bắt đầu; trống nếu chưa khai.")
    end: ClockCtx | None = Field(description="Giờ kết thúc; trống nếu chưa khai.")
    place: str = Field(description="Địa điểm; trống nếu chưa khai.")
    chair: UnitRef | None = Field(description="Đơn vị chủ trì.")
    chair_person: PersonCtx = Field(
        description="Người chủ trì: `meeting.chair_person`, hoặc người đứng đầu đơn vị chủ trì vào ngày họp; họ tên, "
        "chức vụ trống nếu chưa khai."
    )
    secretary: str = Field(description="Thư ký; trống nếu chưa khai.")
    secretary_title: str = Field(description="Chức vụ của thư ký, theo danh sách người dự họp; trống nếu không có.")
    secretary_unit: UnitRef | None = Field(description="Đơn vị của thư ký; trống nếu chưa khai.")
    present: list[UnitRef] = Field(description="Các đơn vị dự họp.")
    absent: list[UnitRef] = Field(description="Các đơn vị vắng mặt (thành viên không có tên trong danh sách dự họp).")
    attending: list[AttendingUnitCtx] = Field(
        description="Các đơn vị dự họp, mỗi đơn vị với những người dự họp của đơn vị đó."
    )
    absences: list[AbsenceCtx] = Field(description="Các đơn vị vắng mặt, với lý do.")
    present_count: int | None = Field(
        description="Số đơn vị dự họp: theo danh sách dự họp; không có thì các thành viên trừ danh sách vắng mặt; "
        "không có cả hai thì số phiếu phát ra nhiều nhất; trống nếu chưa biết. Cũng là con số dùng để tính túc số "
        "và tỉ lệ phiếu."
    )
    present_from_ballots: bool = Field(
        description="true khi số dự họp lấy theo số phiếu phát ra (không có danh sách dự họp hay vắng mặt)."
    )
    members_count: int = Field(description="Số thành viên của cụm.")
    quorum: QuorumCtx = Field(description="Túc số cuộc họp (`awards.vote.quorum`) và kết luận đủ hay không đủ.")
    counting_board: list[CountingMemberCtx] = Field(
        description="Ban kiểm phiếu (`meeting.counting_board`), Trưởng ban trước; trống nếu chưa khai."
    )
    note: str = Field(description="Ghi chú về cuộc họp.")


class PeriodCtx(Ctx):
    id: str = Field(description="Mã kỳ, ví dụ: 2023 hoặc 2023-H1.")
    title: str = Field(description="Tên kỳ, ví dụ: Tổng kết công tác thi đua, khen thưởng năm 2023.")
    is_year: bool = Field(description="true ở kỳ tổng kết năm, false ở kỳ sơ kết.")
    start: str = Field(description="Ngày đầu kỳ, ví dụ: 01/01/2023.")
    end: str = Field(description="Ngày cuối kỳ.")
    year: int = Field(description="Năm của kỳ.")
    meeting: MeetingCtx | None = Field(description="Cuộc họp của kỳ (tệp bỏ phiếu hoặc cluster.yaml); có thể trống.")


class SectionCtx(Ctx):
    id: str = Field(description="Mã phần, ví dụ: I.")
    title: str = Field(description="Tên phần.")
    max: str = Field(description="Điểm tối đa của phần.")


class ScorerCtx(Ctx):
    id: str = Field(description="Mã cơ quan chấm.")
    name: str = Field(description="Tên cơ quan chấm, ví dụ: Sở Nội vụ.")
    scores: str = Field(description="Phần, tiêu chí cơ quan này chấm, ví dụ: phần I; tiêu chí TH.1.")


class RubricCtx(Ctx):
    id: str = Field(description="Mã bộ tiêu chí.")
    version: str = Field(description="Phiên bản bộ tiêu chí.")
    title: str = Field(description="Tên bộ tiêu chí.")
    scale: str = Field(description="Thang điểm, ví dụ: 100.")
    content_hash: str = Field(description="Mã băm SHA-256 nội dung bộ tiêu chí.")
    sections: list[SectionCtx] = Field(description="Các phần chấm điểm (không gồm điểm thưởng, điểm trừ).")
    self_scored: bool = Field(
        description="true nếu đơn vị tự chấm; false nếu chỉ cơ quan thẩm định (các cơ quan chấm) cho điểm: khi đó "
        "mẫu không in cột điểm tự chấm."
    )
    classified: bool = Field(description="true nếu bộ tiêu chí có xếp loại; false thì mẫu không in cột xếp loại.")
    scorers: list[ScorerCtx] = Field(description="Các cơ quan chấm; trống nếu bộ tiêu chí không khai.")


class RankingVoteCtx(Ctx):
    rank: str = Field(description="Thứ hạng, ví dụ: 2 hoặc 2= khi đồng hạng.")
    unit: UnitRef = Field(description="Đơn vị.")
    votes: str = Field(description="Số phiếu bầu (số phiếu hợp lệ có tên đơn vị).")
    percent: str = Field(description="Tỉ lệ phiếu bầu trên số phiếu hợp lệ, ví dụ: 77,78%.")


class RankingBallotCtx(Ctx):
    counted: bool = Field(
        description="true khi phiếu xếp hạng đã được kiểm (đủ số thành viên dự họp); false khi chưa bỏ phiếu hoặc "
        "bỏ phiếu khi không đủ số thành viên dự họp (phải bỏ phiếu lại)."
    )
    status: str = Field(
        description="Tình trạng viết liền: Đã kiểm phiếu; Chưa bỏ phiếu; hoặc Không đủ số thành viên dự họp, phải "
        "bỏ phiếu lại."
    )
    issued: str = Field(description="Số phiếu phát ra; trống nếu chưa bỏ phiếu.")
    returned: str = Field(description="Số phiếu thu về; trống nếu chưa bỏ phiếu.")
    valid: str = Field(description="Số phiếu hợp lệ; trống nếu chưa bỏ phiếu.")
    rows: list[RankingVoteCtx] = Field(description="Kết quả từng đơn vị theo thứ hạng.")
    ties: list[str] = Field(
        description="Các nhóm đơn vị đồng hạng, mỗi nhóm một câu, ví dụ: Phường A, Phường B cùng 5 phiếu, đồng hạng "
        "4; trống nếu không có."
    )


class RankingCtx(Ctx):
    by_vote: bool = Field(
        description="true khi cụm không có bộ tiêu chí và xếp hạng bằng phiếu xếp hạng (bình xét); false khi xếp "
        "hạng theo tổng điểm chấm theo bộ tiêu chí."
    )
    basis: str = Field(description="Căn cứ xếp hạng viết liền: kết quả chấm điểm, hoặc kết quả bỏ phiếu xếp hạng.")
    choices: str = Field(description="Số đơn vị tối đa mỗi phiếu xếp hạng được bầu; trống nếu không giới hạn.")
    rule: str = Field(
        description="Quy tắc của phiếu xếp hạng viết liền, ví dụ: Mỗi phiếu hợp lệ bầu không quá 3 đơn vị, …; đơn "
        "vị nhiều phiếu hơn xếp trên; bằng số phiếu thì đồng hạng, hội nghị xem xét, quyết định. Trống khi cụm xếp "
        "hạng theo điểm."
    )
    legal_basis: str = Field(
        description="Căn cứ của cách bình xét (cluster.yaml `ranking_ballot.legal_basis`); trống nếu không khai."
    )
    ballot: RankingBallotCtx | None = Field(
        description="Phiếu xếp hạng của kỳ tổng kết; trống khi cụm xếp hạng theo điểm, và ở kỳ sơ kết."
    )


class SectionScoreCtx(Ctx):
    id: str = Field(description="Mã phần.")
    title: str = Field(description="Tên phần.")
    max: str = Field(description="Điểm tối đa của phần.")
    self: str = Field(description="Điểm tự chấm của phần.")
    points: str = Field(description="Điểm đạt của phần (sau thẩm định).")


class CommitmentStatusCtx(Ctx):
    id: str = Field(description="Mã cam kết.")
    text: str = Field(description="Nội dung cam kết.")
    status: str = Field(title="Kết quả thực hiện cam kết", description="Đạt, Chưa đạt hoặc Chưa có số liệu.")
    actual: str = Field(description="Kết quả thực hiện; trống nếu chưa báo cáo.")
    target: str = Field(description="Mục tiêu (ở kỳ sơ kết: mục tiêu tính đến cuối kỳ); trống nếu không có.")


class ScorerScoreCtx(Ctx):
    name: str = Field(description="Tên cơ quan chấm.")
    points: str = Field(description="Điểm các phần do cơ quan này chấm (trước khi quy về thang điểm).")
    bonus: str = Field(
        description="Điểm thưởng do cơ quan này chấm (trước giới hạn); trống nếu cơ quan không chấm điểm thưởng."
    )


class UnitResultCtx(Ctx):
    unit: UnitRef = Field(description="Đơn vị.")
    rank: str = Field(description="Thứ hạng, ví dụ: 2 hoặc 2= khi đồng hạng; trống ở kỳ sơ kết.")
    rank_words: str = Field(
        "", description="Thứ hạng trong câu văn, ví dụ: xếp thứ 2, hoặc đồng hạng 2; trống ở kỳ sơ kết."
    )
    votes: str = Field(description="Số phiếu bầu trong phiếu xếp hạng; trống khi cụm xếp hạng theo điểm.")
    vote_percent: str = Field(
        description="Tỉ lệ phiếu bầu trên số phiếu hợp lệ của phiếu xếp hạng; trống khi cụm xếp hạng theo điểm."
    )
    total: str = Field(description="Tổng điểm đạt, dấu phẩy thập phân; trống khi cụm xếp hạng bằng bỏ phiếu.")
    self_total: str = Field(
        description="Tổng điểm tự chấm; trống nếu đơn vị không tự chấm hoặc cụm xếp hạng bằng bỏ phiếu."
    )
    difference: str = Field(
        description="Chênh lệch tự chấm − điểm đạt; trống nếu đơn vị không tự chấm hoặc cụm xếp hạng bằng bỏ phiếu."
    )
    classification: str = Field(
        description="Xếp loại, ví dụ: Hoàn thành xuất sắc nhiệm vụ; trống nếu bộ tiêu chí không xếp loại hoặc cụm "
        "xếp hạng bằng bỏ phiếu."
    )
    sections: list[SectionScoreCtx] = Field(description="Điểm từng phần; trống khi cụm xếp hạng bằng bỏ phiếu.")
    bonus: str = Field(description="Điểm thưởng (sau giới hạn); trống khi cụm xếp hạng bằng bỏ phiếu.")
    penalty: str = Field(description="Điểm trừ (sau giới hạn); trống khi cụm xếp hạng bằng bỏ phiếu.")
    self_bonus: str = Field(description="Điểm thưởng đơn vị tự chấm (sau giới hạn), như tính vào tổng tự chấm.")
    self_penalty: str = Field(description="Điểm trừ đơn vị tự chấm (sau giới hạn), như tính vào tổng tự chấm.")
    commitments_total: int = Field(description="Số cam kết giao ước áp dụng cho đơn vị.")
    commitments_met: int = Field(description="Số cam kết đạt (ở kỳ sơ kết: đúng tiến độ).")
    commitments_behind: list[CommitmentStatusCtx] = Field(description="Các cam kết chưa đạt hoặc chưa có số liệu.")
    notes: list[str] = Field(description="Điểm cần lưu ý: đồng hạng, chênh lệch lớn, dưới ngưỡng, chưa có hồ sơ.")
    not_assigned: str = Field(description="Các tiêu chí không giao cho đơn vị, ví dụ: II.3; trống nếu không có.")
    scale_note: str = Field(
        description="Câu giải thích tổng điểm khi có tiêu chí không giao (quy về thang điểm); trống nếu không có."
    )
    by_scorer: list[ScorerScoreCtx] = Field(description="Điểm theo từng cơ quan chấm; trống nếu không khai.")


class VoteCtx(Ctx):
    award: str = Field(description="Tên danh hiệu thi đua hoặc hình thức khen thưởng.")
    unit: UnitRef = Field(description="Đơn vị được bỏ phiếu.")
    issued: str = Field(description="Số phiếu phát ra.")
    returned: str = Field(description="Số phiếu thu về.")
    valid: str = Field(description="Số phiếu hợp lệ.")
    invalid: str = Field(description="Số phiếu không hợp lệ (thu về trừ hợp lệ).")
    in_favour: str = Field(description="Số phiếu đồng ý.")
    against: str = Field(description="Số phiếu không đồng ý; trống nếu không ghi.")
    percent: str = Field(description="Tỉ lệ đồng ý trên mẫu số của Quy chế, ví dụ: 83,33%.")
    denominator: int = Field(description="Mẫu số tính tỉ lệ theo Quy chế.")
    basis: str = Field(description="Mẫu số viết liền, ví dụ: tổng số thành viên (6).")
    needed: int = Field(description="Số phiếu đồng ý tối thiểu để được đề nghị.")
    result: str = Field(
        title="Kết quả bỏ phiếu",
        description="Đạt, Không đạt, Chưa bỏ phiếu, hoặc Không đủ số thành viên dự họp, phải bỏ phiếu lại.",
    )


class ProposalCtx(Ctx):
    unit: UnitRef = Field(description="Đơn vị được đề nghị.")
    rank: str = Field(description="Thứ hạng.")
    total: str = Field(description="Tổng điểm; trống khi cụm xếp hạng bằng bỏ phiếu.")
    ranking_votes: str = Field(description="Số phiếu bầu trong phiếu xếp hạng; trống khi cụm xếp hạng theo điểm.")
    classification: str = Field(description="Xếp loại; trống khi cụm xếp hạng bằng bỏ phiếu.")
    vote: VoteCtx | None = Field(description="Kết quả bỏ phiếu; trống nếu khen thưởng này không cần bỏ phiếu.")
    replaces: UnitRef | None = Field(
        description="Đơn vị mà đơn vị này được đề nghị thay vào chỗ (do đơn vị đó không đủ số phiếu đồng ý hoặc "
        "không đủ điều kiện); trống nếu đơn vị nằm trong chỉ tiêu theo thứ hạng."
    )
    replaces_reason: str = Field(
        description="Lý do thay: không đủ số phiếu đồng ý, hoặc không đủ điều kiện; trống nếu không thay ai."
    )
    pending: bool = Field(description="true nếu khen thưởng này cần bỏ phiếu mà chưa có kết quả bỏ phiếu hợp lệ.")


class AwardTitleCtx(Ctx):
    id: str = Field(description="Mã danh hiệu thi đua hoặc hình thức khen thưởng.")
    name: str = Field(description="Tên, ví dụ: Cờ thi đua của UBND Thành phố, Bằng khen của Chủ tịch UBND Thành phố.")
    kind: str = Field(description="Loại theo Luật Thi đua, khen thưởng: danh hiệu thi đua hoặc hình thức khen thưởng.")
    quota: int = Field(description="Số lượng tối đa đã tính theo Quy chế.")
    legal_basis: str = Field(description="Căn cứ; trống nếu không khai.")
    proposed: list[ProposalCtx] = Field(description="Các đơn vị được đề nghị, theo thứ hạng.")
    tie_at_quota: list[UnitRef] = Field(description="Các đơn vị đồng hạng ở ngưỡng chỉ tiêu, để hội nghị quyết định.")
    passed_over: list[str] = Field(
        description="Lý do các đơn vị xếp trên đơn vị cuối cùng được đề nghị mà không được đề nghị."
    )
    outcome: str = Field(
        description="Kết quả viết liền: các đơn vị được đề nghị (ghi rõ nếu chờ bỏ phiếu), đồng hạng ở ngưỡng "
        "chỉ tiêu, hoặc: không có đơn vị đủ điều kiện."
    )
    provisional_note: str = Field(
        description="Câu ghi chú khi danh sách còn phụ thuộc vào quyết định của hội nghị giữa các đơn vị đồng hạng "
        "ở khen thưởng xét trước; trống nếu không có."
    )


class AwardsCtx(Ctx):
    titles: list[AwardTitleCtx] = Field(
        description="Các danh hiệu thi đua và hình thức khen thưởng, theo thứ tự khai báo."
    )
    votes: list[VoteCtx] = Field(description="Mọi lượt bỏ phiếu, theo thứ tự khen thưởng được khai báo rồi thứ hạng.")
    proposed_count: int = Field(description="Tổng số đơn vị được đề nghị khen thưởng.")
    ballot_recorded: bool = Field(
        description="true khi đã có kết quả bỏ phiếu (ballots/<kỳ>.yaml) và mọi đơn vị được đề nghị đã được bỏ phiếu "
        "hợp lệ (đủ số thành viên dự họp); false khi còn đề nghị chờ bỏ phiếu."
    )
    vote_basis: str = Field(description="Mẫu số của tỉ lệ đồng ý theo Quy chế, ví dụ: tổng số thành viên (6).")
    government_flag_candidate: UnitRef | None = Field(description="Đơn vị giới thiệu xét Cờ thi đua của Chính phủ.")
    government_flag_pending: bool = Field(
        description="true khi đơn vị giới thiệu xét Cờ thi đua của Chính phủ còn chờ kết quả bỏ phiếu hợp lệ."
    )
    next_year: int = Field(description="Năm sau.")
    next_cum_truong: UnitRef | None = Field(
        description="Cụm trưởng năm sau: như cluster.yaml khai cho năm sau, nếu chưa khai thì theo quy tắc luân phiên."
    )
    next_cum_pho: UnitRef | None = Field(
        description="Cụm phó năm sau: như cluster.yaml khai cho năm sau, nếu chưa khai thì đề xuất theo thứ hạng."
    )
    next_roles_declared: bool = Field(
        description="true khi cluster.yaml đã khai cụm trưởng, cụm phó năm sau (Hội nghị đã thống nhất); false khi "
        "chỉ là đề xuất theo quy tắc luân phiên."
    )


class CommitmentCtx(Ctx):
    id: str = Field(description="Mã cam kết.")
    text: str = Field(description="Nội dung cam kết.")
    indicator: str = Field(description="Chỉ tiêu đo lường; trống nếu không có.")
    target: str = Field(description="Mục tiêu kèm đơn vị tính, ví dụ: ≥ 95 %; trống nếu không có.")
    movement: str = Field(description="Tên phong trào liên quan; trống nếu không có.")


class UnitCommitmentsCtx(Ctx):
    unit: UnitRef = Field(description="Đơn vị.")
    commitments: list[CommitmentCtx] = Field(description="Các cam kết riêng của đơn vị.")


class DepartedCtx(Ctx):
    unit: UnitRef = Field(description="Đơn vị.")
    last_day: str = Field(description="Ngày cuối cùng là thành viên, ví dụ: 28/02/2025.")
    reason: str = Field(
        description="Lý do, ví dụ: sáp nhập vào Sở Nội vụ (không phải thành viên Cụm) từ ngày 01/3/2025."
    )
    commitments: str = Field(
        description="Các cam kết riêng của đơn vị sau ngày đó: chuyển cho đơn vị tiếp nhận là thành viên, hoặc "
        "khép lại; trống nếu đơn vị không có cam kết riêng."
    )


class MovementCtx(Ctx):
    name: str = Field(description="Tên phong trào.")
    launched_by: str = Field(description="Cấp phát động; trống nếu không khai.")
    note: str = Field(description="Ghi chú.")


class CovenantCtx(Ctx):
    title: str = Field(description="Tên bản giao ước.")
    signing_date: str = Field(description="Ngày ký theo Nghị định 30/2020; trống nếu chưa khai.")
    signing_place: str = Field(description="Nơi ký; trống nếu chưa khai.")
    movements: list[MovementCtx] = Field(description="Các phong trào thi đua.")
    common: list[CommitmentCtx] = Field(description="Cam kết chung của mọi đơn vị.")
    by_unit: list[UnitCommitmentsCtx] = Field(description="Cam kết riêng, theo đơn vị.")


class SummaryCtx(Ctx):
    strengths: list[str] = Field(description="Ưu điểm rút ra từ số liệu.")
    shortcomings: list[str] = Field(description="Hạn chế rút ra từ số liệu.")
    next_tasks: list[str] = Field(description="Nhiệm vụ kỳ tới: các cam kết cần tập trung.")


class SignerCtx(Ctx):
    on_behalf: str = Field(description="Dòng thẩm quyền ký, ví dụ: TM. CỤM THI ĐUA SỐ 7.")
    acting: str = Field(
        description="Dòng ký thay, ví dụ: KT. CỤM TRƯỞNG khi Cụm phó ký; trống khi người ký là Cụm trưởng."
    )
    role: str = Field(title="Chức danh người ký", description="Ví dụ: CỤM TRƯỞNG; trống nếu không có.")
    position: str = Field(description="Chức vụ và cơ quan in hoa, ví dụ: GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO.")
    name: str = Field(description="Họ và tên người ký; trống nếu chưa khai.")


class ReportContext(Ctx):
    """Báo cáo, biên bản, tờ trình and giao ước."""

    document: DocumentCtx = Field(description="Văn bản đang tạo.")
    cluster: ClusterCtx = Field(description="Cụm thi đua.")
    period: PeriodCtx = Field(description="Kỳ đánh giá.")
    rubric: RubricCtx | None = Field(description="Bộ tiêu chí; trống khi cụm xếp hạng bằng bỏ phiếu.")
    ranking: RankingCtx = Field(description="Căn cứ xếp hạng: điểm theo bộ tiêu chí, hoặc phiếu xếp hạng.")
    results: list[UnitResultCtx] = Field(description="Kết quả từng đơn vị: theo thứ hạng ở kỳ tổng kết.")
    awards: AwardsCtx | None = Field(description="Đề nghị khen thưởng; trống ở kỳ sơ kết.")
    covenant: CovenantCtx | None = Field(description="Bản giao ước; trống nếu cụm chưa có covenant.yaml.")
    summary: SummaryCtx = Field(description="Đánh giá chung rút ra từ số liệu.")
    signer: SignerCtx = Field(
        description="Người ký thay mặt cụm: Cụm trưởng vào ngày của văn bản; trên phiếu chấm của chính đơn vị Cụm "
        "trưởng, đơn vị thẩm định (Cụm phó, hoặc như cluster.yaml `scoring.leader_appraised_by`)."
    )
    recipients: list[str] = Field(description="Nơi nhận.")
    departed: list[DepartedCtx] = Field(
        description="Đơn vị thôi là thành viên trong kỳ (sáp nhập, chia tách, giải thể, rút khỏi cụm): không được "
        "xếp hạng, báo cáo riêng kèm lý do."
    )


class CriterionRowCtx(Ctx):
    code: str = Field(description="Mã phần hoặc tiêu chí.")
    title: str = Field(description="Tên.")
    level: int = Field(description="Cấp tiêu chí: 0 là phần, 1 là tiêu chí cấp 1, 2 là tiêu chí con.")
    is_item: bool = Field(description="true với tiêu chí được chấm (không có tiêu chí con).")
    max: str = Field(description="Điểm tối đa (điểm thưởng, điểm trừ: mức giới hạn).")
    method: str = Field(description="Cách chấm.")
    inputs: str = Field(description="Số liệu dùng để tính, ví dụ: thực tế 97,5; mục tiêu 95.")
    self: str = Field(description="Điểm tự chấm; trống nếu bộ tiêu chí không cho đơn vị tự chấm.")
    points: str = Field(description="Điểm đạt; trống nếu tiêu chí không giao cho đơn vị.")
    evidence: list[str] = Field(description="Tài liệu kiểm chứng.")
    scored_by: str = Field(
        description="Cơ quan chấm, ở dòng mà cơ quan chấm khác với dòng cấp trên; trống nếu như cấp trên."
    )
    assigned: bool = Field(description="false nếu tiêu chí (phần) không giao cho đơn vị.")


class UnitSheetContext(ReportContext):
    """Phiếu chấm điểm of one unit: everything above, plus the unit and its criteria."""

    unit: UnitResultCtx = Field(description="Kết quả của đơn vị được chấm.")
    criteria: list[CriterionRowCtx] = Field(description="Các dòng của phiếu chấm: phần, tiêu chí, tiêu chí con.")
