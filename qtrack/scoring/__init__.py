"""考核评分 and the trend: scoring departments by an office's rules, and how things moved over time.

    scoring/rules.py     the rules file (TOML): base score, points per event, caps; validated with lines
    scoring/events.py    the event kinds: each a function from the store to dated events per department
    scoring/scorer.py    the score of each department from its events and the rules, ranked, ties explained
    scoring/window.py    which days a score covers (--period 2016-Q3, --from/--to), bounded by --as-of
    scoring/trend.py     the bulletin's month-by-month 完成率 and red count, and "since the last bulletin"
    scoring/course.py    a target against its trajectory (path), and a straight-line forecast to its due date

Pure logic over plain values; the SQL is in qtrack/store/score.py.
"""
