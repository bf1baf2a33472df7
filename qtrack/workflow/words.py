"""The workflow's words as users read them: stages, steps and roles, in one place."""

from __future__ import annotations

# Where a task stands (store/state.py STAGE).
STAGES = {"unacked": "未签收", "acked": "已签收", "declined": "已退回", "claimed": "待销号", "closed": "已销号",
          "done": "已办结", "dropped": "已取消"}
# The steps (task_step.action); an update's done on a plan with review is a claim (办结, 待销号).
ACTIONS = {"ack": "签收", "decline": "退回", "assign": "改派", "extend": "申请延期", "approve": "批准延期",
           "reject": "驳回延期", "close": "销号", "reopen": "退办"}
ROLES = {"office": "督办", "department": "承办"}  # the office's steps, the departments'
