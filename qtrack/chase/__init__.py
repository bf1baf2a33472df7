"""催办: the notices that tell each department what it owes, and their record.

    chase/gather.py      what each department owes as of a day, one notice each, with its level
    chase/escalation.py  三色督办单: how often a department was chased for a thing without answering
    chase/render.py      a notice as plain text (SMS, IM), Markdown, HTML (for print) or JSON
    chase/send.py        numbering, recording, writing files and running --exec, all or nothing per notice
    chase/workflow.py    the seam for 签收 and extension answers owed (the #15 workflow)

The statements are in store/chase.py; the command is cli/chase_cmds.py.
"""
