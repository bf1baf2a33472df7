"""Structure: which headings are sections, which are tasks and sub-tasks; preamble; codes."""

from __future__ import annotations

from draft_helpers import doc, drafted


def codes(plan):
    return [(t.section, t.code, t.label, t.parent) for t in plan.tasks]


def test_numbering_running_on_through_sections_keeps_the_numbers_as_codes():
    _, plan = drafted(doc("一、深化改革", "1.完善制度。做好甲工作。", "2.推进试点。做好乙工作。",
                          "二、加强监管", "3.开展抽查。做好丙工作。"))
    assert [s.code for s in plan.sections] == ["1", "2"]
    assert codes(plan) == [("1", "1", "1.", None), ("1", "2", "2.", None), ("2", "3", "3.", None)]


def test_numbering_that_restarts_per_section_is_prefixed_with_the_section():
    _, plan = drafted(doc("一、深化改革", "1.完善制度。做好甲工作。", "2.推进试点。做好乙工作。",
                          "二、加强监管", "1、开展抽查。做好丙工作。", "2、严格执法。做好丁工作。"))
    assert [t.code for t in plan.tasks] == ["1.1", "1.2", "2.1", "2.2"]
    assert [t.title for t in plan.tasks] == ["完善制度", "推进试点", "开展抽查", "严格执法"]


def test_sub_tasks_under_a_task_with_text_and_a_level_of_bare_titles_as_sections():
    # (一) with text of its own is a task; 1. below it are its sub-tasks.
    _, plan = drafted(doc("一、主要任务", "(一)实施标准化战略。加快标准制定。", "1.升级工业标准。对照先进标准。",
                          "2.推进农业标准化。建设示范区。", "(二)加强品牌建设。培育品牌。"))
    assert codes(plan) == [("1", "1", "(一)", None), ("1", "1.1", "1.", "1"), ("1", "1.2", "2.", "1"),
                           ("1", "2", "(二)", None)]
    # Every (一) a bare title with items below: a level of sections (四(一), 四(二)).
    _, plan = drafted(doc("一、工作任务", "（一）重点领域行动。", "1.开展消费品行动。加强监督。",
                          "（二）支撑工作。", "2.发挥平台作用。推进建设。"))
    assert [(s.code, s.label, s.title) for s in plan.sections] == [("1.1", "一（一）", "重点领域行动"),
                                                                    ("1.2", "一（二）", "支撑工作")]
    assert codes(plan) == [("1.1", "1", "1.", None), ("1.2", "2", "2.", None)]


def test_preamble_sections_are_not_tasks_but_their_items_with_notes_are():
    _, plan = drafted(doc("一、指导思想", "以质量为本。", "二、工作原则", "(一)坚持统筹协调。统一部署。",
                          "三、主要任务", "(一)开展行动。做好工作。", "四、保障措施", "(一)加强领导。成立领导小组。",
                          "五、工作要求", "(一)落实责任。做好考核。(市质监局负责)"))
    assert [s.code for s in plan.sections] == ["3", "5"]
    assert [t.title for t in plan.tasks] == ["开展行动", "落实责任"]


def test_a_section_of_aims_named_by_its_headings_or_as_目标任务_is_preamble_unless_its_items_name_a_body():
    # 广州 2012 决定: "二、…的指导思想、基本原则和总体目标" holds (一)指导思想 (二)基本原则 (三)总体目标.
    _, plan = drafted(doc("一、建设廉洁城市的指导思想、基本原则和总体目标", "(一)指导思想。以科学发展观为指导。",
                          "(二)基本原则。坚持以下原则。", "(三)总体目标。到2020年形成良好格局。",
                          "二、建设廉洁政治", "(一)打造高效政府。坚持依法行政。", "(二)建设公正司法。深化改革。"))
    assert [t.title for t in plan.tasks] == ["打造高效政府", "建设公正司法"]
    # 广州 党建创新工程: "一、目标任务" holds one noteless aim numbered with the items that follow it.
    _, plan = drafted(doc("一、目标任务", "1.以党的建设为主线，构建制度体系。", "二、思想理论武装行动计划",
                          "2.强化党性教育。教育党员干部。（牵头单位：市委宣传部，配合单位：市委党校）"))
    assert [t.code for t in plan.tasks] == ["2"]
    _, plan = drafted(doc("一、目标任务", "1.地区生产总值增长6%。（牵头单位：区发改局）",
                          "二、重点工作", "2.推进项目建设。（牵头单位：区住建局）"))
    assert [t.code for t in plan.tasks] == ["1", "2"]  # its items name who is responsible: tasks


def test_a_document_numbering_only_its_top_level_gets_one_section():
    _, plan = drafted(doc("1.编制年度计划。会同有关部门起草。", "2.筹备工作会议。报送方案。"))
    assert [s.title for s in plan.sections] == ["某省质量提升工作方案"]
    assert [t.code for t in plan.tasks] == ["1", "2"]
    assert "check: the document has no section headings" in drafted(doc("1.甲。做。", "2.乙。做。"))[0]


def test_items_before_the_first_heading_of_a_partial_text_get_a_section_marked_missing():
    out, plan = drafted(doc("(二十)深化融合发展", "加强统一建设。", "(二十一)提升服务能力", "加快建设平台。",
                            "五、 改革完善政策", "(二十二)加强制度建设", "完善法规。", title="关于开展行动的指导意见"))
    assert [(s.code, s.title) for s in plan.sections] == [("4", "(标题缺失)"), ("5", "改革完善政策")]
    assert (plan.tasks[0].code, plan.tasks[0].label, plan.tasks[0].text) == ("20", "(二十)", "加强统一建设。")
    assert "check: these items come before the first heading" in out


def test_the_document_order_is_kept_in_the_file():
    out, _ = drafted(doc("一、甲类", "(一)乙项。做事。", "(二)丙项。做事。", "二、丁类", "(三)戊项。做事。"))
    assert out.index("乙项") < out.index("丙项") < out.index("丁类") < out.index("戊项")


def test_unnumbered_paragraphs_that_each_close_with_a_note_are_each_a_task():
    _, plan = drafted(doc("一、主要任务", "各地要高度重视。", "加强A建设,完善制度。(A局负责)", "推进B工作。(B局牵头,C局配合)",
                          "二、保障措施", "加强领导。"))
    assert [(t.label, t.title, t.lead, t.support) for t in plan.tasks] == [
        (None, "加强A建设", ["A局"], []), (None, "推进B工作", ["B局"], ["C局"])]


def test_a_top_item_with_one_note_and_no_items_below_it_is_a_task_itself():
    _, plan = drafted(doc("一、主要目标", "生产总值增长8%。", "由市发改委负责落实。", "二、重点工作", "(一)甲。做事。(市财政局负责)"))
    assert [(t.label, t.lead) for t in plan.tasks] == [("一、", ["市发改委"]), ("(一)", ["市财政局"])]
