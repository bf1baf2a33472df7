"""The supervision ledger (督查台帐) as an Excel workbook: written out, and read back filled in.

Out (write.py): one sheet per plan, its tasks in document order with what the office shows
(label, task, departments, due date, status, progress, latest note, light); a 指标 sheet of the
targets and a 定期工作 sheet of duty occurrences; then on each the columns a department fills
in, then — hidden — each row's reference; and a 部门汇总 sheet of each department's counts.
How the sheets look and print is layout.py; their columns are columns.py.

Back in (read.py, record.py): only the fill-in columns are read. Every filled cell is checked
before anything is written, and every problem is reported as `Sheet!Cell: what is wrong`. A row
is recorded unless the same record is already in the history, so importing the same file twice
adds nothing.
"""

from qtrack.ledger.columns import HEADER_ROW, REF_HEADER, SUMMARY
from qtrack.ledger.read import Entry, read_progress
from qtrack.ledger.record import describe, new_entries, record
from qtrack.ledger.write import size, write_ledger

__all__ = ["HEADER_ROW", "REF_HEADER", "SUMMARY", "Entry", "describe", "new_entries", "read_progress", "record",
           "size", "write_ledger"]
