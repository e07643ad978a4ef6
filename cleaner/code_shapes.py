"""The shapes of a line of code, shared by the plain-text reader (``readers/data_blocks``: runs
of such lines are verbatim) and the typography steps (``normalize/line_kind``: such a line keeps
its ASCII marks).

>>> bool(CODE_LINE.fullmatch("const msg = '保存成功';")), bool(CODE_LINE.fullmatch("Apple(苹果)公司"))
(True, False)
"""
from __future__ import annotations

from jingwen.cleaner.patterns import compile_pattern

# a statement of code: a call whose arguments start with ASCII (print(greet("小明"))  # 输出), a
# declaration ending in ; (const a = '好';), a braced control line (if (n > 0) { … }); an HTML
# element with its closing tag on one line; an SQL statement from its keyword to its ;
CODE_LINE = compile_pattern(r"[A-Za-z_$][A-Za-z0-9_$.]*\((?:\)|[!-~]).*\)\s*;?\s*(?:(?:#|//) .*)?"
                            r"|(?:const|let|var|int|float|double|String|auto) +[^\W\d][\w$]* *=.*;\s*(?://.*)?"
                            r"|(?:puts|print|echo|say|printf|p) +([\"'])[^\"']*\1;?"  # puts "欢迎光临！"
                            # PHP, PowerShell: $msg = "好";
                            r"|\$[A-Za-z_][\w:]*(?:->\w+|\.\w+|\[[^\]]*\])* *[.+-]?= *.*"
                            r"|(?:if|for|while|switch) *\(.*\) *\{.*"
                            r"|=[A-Z][A-Z0-9.]*\(.*\)"  # a spreadsheet formula: =IF(B2>=60,"及格","不及格")
                            r"|(?:In|Out) ?\[\d+\]: .*"  # a notebook's cell: In [1]: x = "中文"
                            r"|(?:Dialogue|Comment): \d+,\d:\d\d:\d\d\.\d\d,.*"  # an ASS subtitle event
                            # a log record: 2024-06-18 09:15:27,930 ERROR [main] 订单创建失败: 库存不足
                            r"|\[?\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d{1,6})?\]? +\[?"
                            r"(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\b.*")
# the tags of HTML pages: alone on a line in plain text they are a scraped page's residue (an XML
# sample uses names of its own: <config>, <author>)
HTML_TAGS = frozenset("html head body div p span a b i u em strong font br hr img table thead tbody tr td th ul "
                      "ol li dl dt dd section article header footer nav main aside h1 h2 h3 h4 h5 h6 "
                      "form input button label select option textarea script style center small big "
                      "sub sup pre code blockquote iframe".split())
HTML_LINE = compile_pattern(r"<(?P<tag>[a-z][a-z0-9]*)\b[^>]*>.*</(?P=tag)>")
MAX_CODE_LINE = 2000  # a longer line is not looked at as a statement
SQL_STATEMENT = compile_pattern(r"(?:SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE (?:TABLE|INDEX|VIEW|DATABASE)|"
                                r"ALTER TABLE|DROP (?:TABLE|INDEX|VIEW)) .*;")
