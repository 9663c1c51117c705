"""English catalogue: the same keys and placeholders as ``de.py``."""

MESSAGES: dict[str, str] = {
    # findings of the data check (codes in findings.SEVERITY)
    "finding.reader_note": "{note}",
    "finding.no_ratings": "No rating column (0–10) was recognised in “{source}”: ranking and ABC analysis need columns "
                          "such as “Purchase history”, “Creditworthiness” or “Payment behaviour” (other columns can be "
                          "taken in as a criterion in the column mapping). The after-sales matrix and NPS work "
                          "without them.",
    "finding.no_id_column": "No customer id column recognised: the Excel row number serves as the id.",
    "finding.duplicate_column": "Column {column} “{header}” is recognised as “{target}” like column {first_column} "
                                "“{first_header}” – only column {first_column} is used (changeable in the column "
                                "mapping).",
    "finding.rating_like_unused": "Column {column} “{header}” holds only values from 0 to 10 – it can be taken in as "
                                  "a criterion of its own in the column mapping.",
    "finding.unnamed_column_unused": "Column {column} has data but no header – not used (assignable in the column "
                                     "mapping).",
    "finding.header_by_values": "Column {column} “{header}” names no unit: {share} % of the numbers are greater than "
                                "10, so it is read as “{target}” (changeable in the column mapping).",
    "finding.header_by_values_mixed": "Column {column} “{header}” names no unit and the values are mixed ({share} % "
                                      "greater than 10): read as “{target}” – please check in the column mapping.",
    "finding.money_scaled": "Column {column} “{header}” in {unit}: values × {factor} read as €.",
    "finding.number_format_text": "Column {column} “{header}”: numbers stored as text read with a "
                                  "{comma|decimal comma|decimal point} (e.g. “{example}” = {value}).",
    "finding.number_format_from_file": "Column {column} “{header}”: “{example}” read with a "
                                       "{comma|decimal comma|decimal point} like the rest of the file (= {value}).",
    "finding.number_format_ambiguous": "Column {column} “{header}”: “{example}” can mean {value} or {alternative} – "
                                       "the column does not tell; read with a {comma|decimal comma|decimal point} "
                                       "(= {value}). Please check.",
    "finding.rating_fractions": "Column {column} “{header}”: all values lie between 0 and 1 (e.g. {example}) – "
                                "formatted as percent in Excel? {example} is read as {example} out of 10, not "
                                "{scaled}. Please enter ratings as numbers from 0 to 10.",
    "finding.percent_rating": "{cell}: “{text}” read as {value} (percent of the 0–10 scale).",
    "finding.percent_rating_many": "Column {column} “{header}”: {count} percentages read as a share of the 0–10 "
                                   "scale, e.g. {cell}: “{text}” as {value} (rows {rows}).",
    "finding.unit_in_cell": "{cell}: “{text}” read as {value} €.",
    "finding.unit_in_cell_many": "Column {column} “{header}”: {count} amounts with their own unit converted, e.g. "
                                 "{cell}: “{text}” as {value} € (rows {rows}).",
    "finding.value_not_used": "{cell} “{header}”: {reason} – treated as missing.",
    "finding.value_not_used_many": "Column {column} “{header}”: {count} values not usable and treated as missing, "
                                   "e.g. {cell}: {reason} (rows {rows}).",
    "finding.value_not_finite": "{cell} “{header}”: “{text}” is not a valid amount – treated as missing.",
    "finding.value_not_finite_many": "Column {column} “{header}”: {count} invalid amounts (e.g. {cell}: “{text}”) "
                                     "treated as missing (rows {rows}).",
    "finding.excel_error_field": "{cell} “{header}”: Excel error value “{text}” – treated as missing.",
    "finding.excel_error_field_many": "Column {column} “{header}”: {count} Excel error values (e.g. {cell}: "
                                      "“{text}”) treated as missing (rows {rows}).",
    "finding.formula_without_value": "{cell}: formula without a stored value – read as empty (open the file in "
                                     "Excel and save it).",
    "finding.formula_without_value_many": "Column {column} “{header}”: {count} formulas without a stored value read "
                                          "as empty (rows {rows}; open the file in Excel and save it).",
    "finding.id_missing": "No customer id in row {row} – the row number serves as the id.",
    "finding.id_missing_many": "{count} rows without a customer id – the row number serves as the id there "
                               "(rows {rows}).",
    "finding.ratings_missing": "Row {row}: {count} {count|rating is|ratings are} missing ({columns}) – "
                               "{count|it does|they do} not count as 0.",
    "finding.ratings_missing_many": "{cells} {cells|rating is|ratings are} missing in {rows_count} rows – gaps do "
                                    "not count as 0. {worst_n|Row|Rows} {worst} {worst_n|has|have} the most gaps, "
                                    "{worst_count}.",
    "finding.total_row": "Row {row} is a total row ({why}) and is not counted as a customer.",
    "finding.row_rejected": "Row {row} not used: {reason}",
    "finding.rows_rejected_column": "Column {column} “{header}”: {count} {count|row|rows} not used, e.g. {cell}: "
                                    "{reason} (rows {rows}).",
    "finding.rows_rejected_duplicate_id": "{count} {count|row|rows} with a repeated customer id not used, e.g. "
                                          "{reason} (rows {rows}).",
    # why a cell makes its row unusable
    "reason.out_of_range": "value {value} lies outside {low}–{high}",
    "reason.not_a_number": "“{text}” is not a number",
    "reason.excel_error": "Excel error value “{text}”",
    "reason.bool_not_number": "truth value “{text}” instead of a number",
    "reason.date_not_number": "date/time “{text}” instead of a number",
    "reason.not_finite": "“{text}” is not a valid number",
    "reason.too_large": "“{text}” is not a plausible amount",
    "reason.percent_not_amount": "“{text}” is a percentage, not an amount",
    "reason.formula_without_value": "formula without a stored value (open the file in Excel and save it)",
    "reason.repurchase_not_yes_no": "repurchase must be yes/no (or 1/0)",
    "reason.duplicate_id": "customer id “{id}” repeated: already in row {first_row}",
    "reason.in_cell": "{cell} ({header}): {reason}",
    # why a row is skipped
    "skip.blank": "empty row",
    "skip.total": "total row ({why}) – not counted as a customer",
    "skip.no_data": "no customer data (neither id, name nor rating)",
    "total_why.no_id": "label “{label}”, no customer id",
    "total_why.sums": "label “{label}”, values = column sums",
    "word.yes": "yes",
    "word.no": "no",
    # report: not scorable, accounting
    "report.not_scorable.no_ratings": "The list has no rating columns – no ratings, no score.",
    "report.not_scorable.low_weight_share": "Ratings present for only {share} of the total weight ({missing} of "
                                            "{criteria} {criteria|criterion|criteria} {missing|is|are} missing; at "
                                            "least 50% needed)",
    "report.no_ratings": "The list has no rating columns (0–10) – without ratings there is no score, no ranking and "
                         "no ABC classes. The after-sales matrix and NPS work without them; rating columns can be "
                         "added or taken in as a criterion in the column mapping.",
    "report.acc.sentence": "Read: {read} {read|row|rows} = {parts}",
    "report.acc.scored": "{n} scored",
    "report.acc.not_scorable": "{n} not scorable",
    "report.acc.unrated": "{n} {n|customer|customers} without ratings",
    "report.acc.rejected": "{n} rejected",
    "report.acc.skipped": "{n} skipped",
    # class methods and rules
    "method.score": "Score thresholds",
    "method.pareto": "Pareto (value share)",
    "method.rank": "Rank shares",
    "basis.value_eur": "customer value",
    "basis.revenue": "revenue",
    "basis.margin": "contribution margin",
    "basis_of.value_eur": "customer value",
    "basis_of.revenue": "revenue",
    "basis_of.margin": "contribution margin",
    "rule.generic.score": "A if score ≥ a; B if score ≥ b; else C.",
    "rule.generic.pareto": "Sorted by the value basis (customer value, revenue or contribution margin), descending, "
                           "ties by customer id: A while the customers before hold less than a % of the total, then "
                           "B up to b %, else C.",
    "rule.generic.rank": "The top a % of customers by score are A, the next b % B, the rest C (ties by customer id).",
    "rule.defaults": "a = {a}, b = {b}",
    "rule.short": "{method} ({a} / {b})",
    "rule.short_basis": "{method} by {basis} ({a} / {b})",
    "rule.text.score": "Class A from score {a}, B from {b}, below that C – the class depends only on the customer's "
                       "own score.",
    "rule.text.pareto": "Customers are sorted by {basis}, descending (ties by customer id); A is whoever has less than "
                        "{a} of the total {basis_of} before them, B up to {b}, the rest C.",
    "rule.text.rank": "The top {a} of customers by score are A, the next {b} B, the rest C (ties by customer id).",
    # flags
    "flag.slow_payer": "Slow payer – consider prepayment",
    "flag.key_account": "Key account",
    "flag.low_order_revenue": "Below minimum revenue per order",
    "flag.loss": "Negative contribution margin",
    "flag.not_scorable": "Not scorable",
    "flag.incomplete": "Incomplete",
    "flag_detail.slow_payer": "Payment behaviour {payment} out of 10 (≤ {limit}): consider delivery against "
                              "prepayment or shorter payment terms.",
    "flag_detail.key_account": "Revenue {revenue} – among the top {share} of the list by revenue (from {start}).",
    "flag_detail.low_order_revenue": "{per_order} per order ({orders} {orders|order|orders}) – below {minimum}: "
                                     "consider a minimum order value or bundling.",
    "flag_detail.loss": "Contribution margin {margin}: the customer currently costs more than they bring in.",
    "flag_detail.not_scorable": "Too many ratings are missing.",
    "flag_detail.incomplete": "{missing} {missing|rating is|ratings are} missing – the score rests on the other "
                              "criteria (missing does not count as 0).",
    # the after-sales study
    "study.sale": "satisfied with the sale",
    "study.aftersales": "satisfied with after-sales",
    "study.repurchase": "repurchase at the same dealer",
    "study.reading": "Reading the study: customers satisfied with sale and service buy again at the same dealer in "
                     "{both} of cases. Good service alone still keeps {service}, a good sale alone only {sale}.",
    # profile: what lifts a customer
    "lift.no_score": "No score, no class: add the missing ratings first.",
    "lift.top": "Already class A – the highest class.",
    "lift.score": "Class {target} starts at score {score} (score threshold).",
    "lift.basis": "Classes here follow the {basis}, not the score: a better rating does not change the class, only "
                  "a higher {basis}.",
    "lift.empty": "Class {target} is empty at the moment – adjust the thresholds.",
    "lift.floor": "The weakest customer in class {target} has score {score} – classes by {rule}; whoever beats them "
                  "moves up (the other customers unchanged).",
    # command line
    "cli.file": "File: {file}",
    "cli.sheet": ", sheet “{sheet}”",
    "cli.header_row": ", header row {row}",
    "cli.scenario": "Scenario: {name}; classes by {rule}; {epp} per point",
    "cli.classes": "Classes: A {a}, B {b}, C {c}; total value {total}",
    "cli.col.rank": "Rank",
    "cli.col.id": "Id",
    "cli.col.customer": "Customer",
    "cli.col.score": "Score",
    "cli.col.value": "Value",
    "cli.col.class": "Class",
    "cli.col.flags": "Note",
    "cli.not_scorable": "Not scorable",
    "cli.rejected": "Rejected rows",
    "cli.skipped": "Skipped rows",
    "cli.row_reason": "Row {row}: {reason}",
    "cli.matrix.study": "The list has no columns for {columns}; shown are the figures of a study by a German premium "
                        "car maker.",
    "cli.matrix.own": "After-sales matrix from {n} {n|customer|customers} (satisfied from {threshold} on 0–10 "
                      "ratings)",
    "cli.matrix.few": "few customers",
    "cli.matrix.col.sale": "Sale satisfied",
    "cli.matrix.col.aftersales": "After-sales satisfied",
    "cli.matrix.col.customers": "Customers",
    "cli.matrix.col.repurchasers": "Repurchasers",
    "cli.matrix.col.rate": "Rate",
    "cli.matrix.col.ci": "95% interval",
    "cli.matrix.col.study": "Study",
    "cli.nps": "NPS: {nps} ({promoters} promoters, {passives} passives, {detractors} detractors)",
    "cli.columns": "Columns:",
    "cli.no_header": "(no header)",
    "cli.not_used": "not used",
    "cli.errors": "Errors",
    "cli.warnings": "Warnings",
    "cli.info": "Notes",
    "cli.result_ok": "Result: all right",
    "cli.result_errors": "Result: errors found",
    "cli.written": "Result written: {path}",
    "cli.error": "Error: {message}",
    "cli.usage_error": "Error: {message} (help: python -m kundenwert --help)",
    "cli.aborted": "Aborted.",
    "cli.out_format": "--out: unknown format “{path}” – please give .xlsx or .csv.",
    "cli.out_folder": "--out: “{path}” is a folder – please give a file name, e.g. “{example}”.",
    "cli.out_no_folder": "--out: the folder “{folder}” does not exist – please create it first.",
    "cli.out_failed": "--out: “{path}” cannot be written: {why}.",
    "cli.out_cannot_create": "the file cannot be created",
    "cli.example_file": "result.xlsx",
    "cli.no_memory": "not enough memory for this file.",
    "cli.too_deep": "the file is nested too deeply and cannot be processed.",
    "cli.no_output": "output not possible: {why}.",
    "cli.internal": "unexpected internal error ({kind}) – please report it.",
    # operating-system errors
    "os.ENOENT": "not found",
    "os.EISDIR": "that is a folder, not a file",
    "os.ENOTDIR": "part of the path is not a folder",
    "os.EACCES": "no permission",
    "os.EPERM": "no permission",
    "os.ENOSPC": "no disk space left",
    "os.EDQUOT": "disk quota exceeded",
    "os.EROFS": "the drive is read-only",
    "os.ENAMETOOLONG": "the name is too long",
    "os.ELOOP": "too many linked shortcuts",
    "os.EBUSY": "the file is in use",
    "os.ETXTBSY": "the file is in use",
    "os.EIO": "read/write error of the drive",
    "os.EMFILE": "too many open files",
    "os.EFBIG": "the file is getting too large",
    "os.EINVAL": "invalid name",
    "os.other": "operating-system error ({name})",
    # exports: column headers, sheet names, notes
    "export.col.rank": "Rank",
    "export.col.id": "Customer id",
    "export.col.name": "Customer",
    "export.col.score": "Score",
    "export.col.value": "Customer value (€)",
    "export.col.class": "Class",
    "export.col.clv": "CLV (€)",
    "export.col.contribution": "Contribution {criterion}",
    "export.col.flags": "Notes",
    "export.col.row": "Excel row",
    "export.col.criterion": "Criterion",
    "export.col.weight": "Weight",
    "export.col.share": "Share",
    "export.col.direction": "Direction",
    "export.col.customers": "Customers",
    "export.col.share_customers": "Share of customers",
    "export.col.share_value": "Share of customer value",
    "export.col.avg_score": "Avg. score",
    "export.col.revenue": "Revenue (€)",
    "export.col.share_revenue": "Share of revenue",
    "export.col.sale": "Sale satisfied",
    "export.col.aftersales": "After-sales satisfied",
    "export.col.repurchasers": "Repurchasers",
    "export.col.rate": "Rate",
    "export.col.ci_low": "Interval from",
    "export.col.ci_high": "Interval to",
    "export.col.study": "Study",
    "export.col.note": "Note",
    "export.col.kind": "Kind",
    "export.col.reason": "Reason",
    "export.direction.reversed": "high is bad (10 − value)",
    "export.direction.normal": "high is good",
    "export.few": "few customers – rate uncertain",
    "export.kind.rejected": "rejected",
    "export.kind.not_scorable": "not scorable",
    "export.kind.skipped": "skipped",
    "export.kind.info": "note",
    "export.kind.warning": "warning",
    "export.sheet.result": "Result",
    "export.sheet.weights": "Weighting",
    "export.sheet.abc": "ABC overview",
    "export.sheet.matrix": "After-sales matrix",
    "export.sheet.check": "Data check",
    "export.title": "Kundenwert – result",
    "export.made_with": "Made with Kundenwert",
    "export.note.scenario": "Scenario: {name}",
    "export.note.classes": "Classes: {rule}",
    "export.note.epp": "Euro per point: {epp} ({source})",
    "export.epp.margin": "derived from the contribution margin",
    "export.epp.default": "default value",
    "export.epp.user": "set by the user",
    "export.note.clv": "CLV: retention rate {retention}, discount rate {discount}",
    "export.note.abc": "ABC overview – {rule}",
    "export.note.matrix_own": "After-sales matrix: repurchase by satisfaction with sale and after-sales (95% "
                              "interval after Wilson; satisfied from {threshold} on 0–10 ratings)",
    "export.note.matrix_study": "After-sales matrix: figures of a study by a German premium car maker (the list has "
                                "no columns for satisfaction with sale, with after-sales and repurchase)",
    "export.note.check": "Data check – {file}",
    # HTML report
    "html.kpi.scored": "Customers scored",
    "html.kpi.avg_score": "Avg. score",
    "html.kpi.total_value": "Total customer value",
    "html.kpi.class": "Class {klass}",
    "html.top_one": "The most valuable customer",
    "html.top_many": "The {n} most valuable customers",
    "html.sub": "{file} · scenario “{scenario}” · classes by {rule} · {epp} per point · made {created}",
    "html.classes": "ABC classes",
    "html.weights": "Weighting",
    "html.col.value": "Customer value",
    # the empty template (sample_files.write_template) and its header notes
    "template.title": "Customer list template",
    "template.sheet": "Customers",
    "template.hints_sheet": "How to",
    "template.new": "new customer",
    "template.existing": "existing customer",
    "template.high_good": "High is good.",
    "template.high_bad": "High is bad – the program reverses it (10 − value).",
    "template.criterion_note": "{label}: {question}\nRating 0 to 10, half points allowed (e.g. 7.5).\n"
                               "0 = {low}, 10 = {high}.\n{direction}\n"
                               "Leave empty if unknown – a gap does not count as 0.",
    "template.note.id": "Customer id: unique per customer (text or number). Without this column the row number is "
                        "used.",
    "template.note.name": "Customer: name or company of the customer.",
    "template.note.status": "Status: “new customer” or “existing customer” (optional). For comparison – both are "
                            "scored alike.",
    "template.note.revenue": "Revenue in euros per year, net, as a number (optional). Basis of Pareto classes and "
                             "key accounts.",
    "template.note.margin": "Contribution margin in euros per year (revenue minus variable costs), as a number, may "
                            "be negative (optional). Sets the suggested “euro per point” and the customer lifetime "
                            "value.",
    "template.note.orders": "Number of orders in the same period as the revenue, whole number (optional). Gives the "
                            "revenue per order.",
    "template.note.recommend": "Would recommend: answer to “How likely are you to recommend us?”, whole number 0 to "
                               "10 (optional). 0 = not at all, 10 = extremely likely. Gives the Net Promoter Score "
                               "(0–6 detractors, 7–8 passives, 9–10 promoters). High is good.",
    "template.note.sale_satisfied": "Was the customer satisfied with the sale (advice, closing, delivery)? “yes” or "
                                    "“no” (optional). For the after-sales matrix.",
    "template.note.aftersales_satisfied": "Was the customer satisfied with the service after the sale (customer "
                                          "service, workshop, support)? “yes” or “no” (optional). For the "
                                          "after-sales matrix.",
    "template.note.repurchase": "Did the customer buy from us again? “yes” or “no” (optional). For the after-sales "
                                "matrix.",
    "template.invalid.rating": "Invalid rating",
    "template.invalid.rating.text": "Please enter a number from 0 to 10 (half points such as 7.5 are allowed) or "
                                    "leave the cell empty.",
    "template.invalid.recommend": "Invalid recommendation",
    "template.invalid.recommend.text": "Please enter a whole number from 0 to 10 or leave the cell empty.",
    "template.invalid.yes_no": "Please yes or no",
    "template.invalid.yes_no.text": "Please choose “yes” or “no” or leave the cell empty.",
    "template.invalid.status": "Unknown status",
    "template.invalid.status.text": "Expected is “new customer” or “existing customer”. Take it anyway?",
    "template.invalid.orders": "Invalid number",
    "template.invalid.orders.text": "Please enter a whole number from 0 or leave the cell empty.",
    "template.howto": "How to fill in the template\n\n"
                      "1. One row per customer in the sheet “Customers”, from row 2. Please leave the headers in "
                      "row 1 as they are. (The program also recognises common variants such as “Cust. no.” or German "
                      "headers; a title row above the header is allowed.)\n"
                      "2. A customer name and the ratings are needed. All other columns are optional – leave what "
                      "you do not use empty or delete the column.\n"
                      "3. Ratings: numbers from 0 to 10, half points are allowed (e.g. 7.5). What 0 and 10 mean is in "
                      "the note on each header (red triangle at the top right of the cell).\n"
                      "4. Direction: for price sensitivity, bargain hunting, service effort and complaint rate a "
                      "high value is bad. Enter the value as it is anyway – the program reverses it (10 − value). "
                      "The direction of every criterion can be changed in the program.\n"
                      "5. Gaps: a missing rating is not a zero. Leave the cell empty if you do not know. The customer "
                      "is then scored over the criteria present and marked “incomplete”. If the criteria present "
                      "carry less than half of the total weight, the customer is listed as “not scorable”.\n"
                      "6. Own criteria: add further columns with values from 0 to 10 on the right – the program can "
                      "take them in as additional criteria.\n"
                      "7. Money amounts: enter revenue and contribution margin in euros per year as numbers (without "
                      "“€” as text). From the contribution margin in € the program suggests the “euro per point” and "
                      "computes the customer lifetime value on request.\n"
                      "8. Would recommend: whole number from 0 to 10 answering “How likely are you to recommend "
                      "us?”. It gives the Net Promoter Score (0–6 detractors, 7–8 passives, 9–10 promoters).\n"
                      "9. Satisfaction and repurchase: “yes” or “no” (y/n, x/blank or 1/0 are recognised too). They "
                      "give the after-sales matrix: the repurchase rate per combination, compared with the study of "
                      "a premium car maker (93%, 45%, 14%, 3%).\n"
                      "10. Status: “new customer” or “existing customer” – only for comparison, both are scored "
                      "alike.\n"
                      "11. No row is lost silently: every row the program cannot use is listed with its row number "
                      "and the reason. Total rows are not needed.\n"
                      "12. Save as an Excel file (.xlsx). .csv (e.g. from German Excel with semicolons) and .ods are "
                      "read too.",
    # the app
    "ui.language": "Language",
    # charts (plotly placeholders such as %{x:.1f} stay as they are)
    "chart.class": "Class {klass}",
    "chart.threshold": "Threshold {klass}: {value}",
    "chart.of.value_eur": "of the customer value",
    "chart.of.revenue": "of the revenue",
    "chart.of.margin": "of the contribution margin",
    "chart.lorenz.title": "Pareto curve: share of the {basis} held by the best customers",
    "chart.lorenz.x": "Share of customers (%, by {basis}, descending)",
    "chart.lorenz.y": "Cumulative share of the {basis} (%)",
    "chart.lorenz.empty": "No values for “{basis}”.",
    "chart.lorenz.cumulated": "{basis}, cumulative",
    "chart.lorenz.hover": "Top %{x:.1f}% of customers hold %{y:.1f}% {of}",
    "chart.lorenz.class_share": "{name}: {customers} of customers,<br>{share} {of}",
    "chart.lorenz.class_hover": "Class {klass}<br>Top %{x:.1f}% of customers: %{y:.1f}% {of}",
    "chart.lorenz.even": "Equal distribution",
    "chart.lorenz.not_contiguous": "Classes do not follow the order of the curve here (classes by score, curve by "
                                   "{basis}).",
    "chart.hist.title": "Distribution of scores ({n} scored customers)",
    "chart.hist.x": "Score (0–10 points)",
    "chart.hist.y": "Number of customers",
    "chart.hist.hover": "Class {klass}<br>Score %{customdata[0]:.2f}–%{customdata[1]:.2f}: %{y:,} customers",
    # order lists (order history)
    'finding.orders_margin_missing': 'Column {column}: {count} order {count|line|lines} without contribution margin ({count|row|rows} {rows}) – revenue used; the margin of these lines is missing from the sums.',
    'finding.orders_total_row': 'Row {row} is a total row and is not counted as an order.',
    'finding.orders_credit_notes': "{count} credit {count|note|notes} (negative revenue, together €{total}) netted with the customer's orders.",
    'finding.orders_unknown_customers': '{count} customer {count|number|numbers} from the order list {count|is|are} not in the customer list ({ids}; {lines} {lines|line|lines}) – listed, not assigned.',
    'finding.orders_customers_without': '{count} {count|customer|customers} of the list {count|has|have} no order in the period ({ids}).',
    'reason.not_a_date': '“{text}” is not a date',
    'reason.date_implausible': 'Date “{text}” is outside 1900–2100',
    'html.old_browser': 'The charts need a current browser (Chrome, Edge, Firefox or Safari from 2023).',
    # refused files (ingest.safety); {name} is the file name
    "safety.resave": "Please open it in Excel or LibreOffice, save it again as .xlsx and upload it again.",
    "safety.more_than": "more than {amount}",
    "safety.at_least": "at least ",
    "safety.instead": " but {what}",
    "safety.no_name": "without a name",
    "safety.bytes": "bytes",
    "safety.billion": "billion|billion",
    "safety.million": "million|million",
    "safety.empty": "The file “{name}” is empty (0 bytes). Please choose the right file.",
    "safety.too_large": "The file “{name}” is {size}; at most {limit} are allowed. Please save only the customer list "
                        "in a file of its own.",
    "safety.encrypted": "The file “{name}” is protected with a password. Please save it without a password ({how}) "
                        "and upload it again.",
    "safety.encrypted.libreoffice": "in LibreOffice: File › Save As, untick “Save with password”",
    "safety.encrypted.excel": "in Excel: File › Info › Protect Workbook › Encrypt with Password, delete the password",
    "safety.xls": "The file “{name}” is in the old Excel format (.xls). Please save it as .xlsx in Excel and upload it "
                  "again.",
    "safety.xlsb": "The file “{name}” is in the Excel binary format (.xlsb). Please save it as .xlsx in Excel and "
                   "upload it again.",
    "safety.corrupt": "The file “{name}” is damaged or incomplete and cannot be read. Please save the original file "
                      "again and upload it.",
    "safety.no_spreadsheet": "The file “{name}” is not an Excel, ODS or CSV file{what}. Please upload a customer list "
                             "as .xlsx, .ods or .csv.",
    "safety.text_not_excel": "The file “{name}” is not a real {fmt} file but {what}. {resave}",
    "safety.bomb": "Unpacked, the file “{name}” would be larger than {limit} – for safety it is not opened. Please "
                   "save only the customer list in a new file.",
    "safety.doctype": "The file “{name}” contains XML instructions (DOCTYPE/ENTITY) that real spreadsheet files do "
                      "not contain – for safety it is not opened. {resave}",
    "safety.too_many_cells": "The sheet “{sheet}” in “{name}” reaches {at_least}cell {ref} ({at_least}{cells} cells; "
                             "at most {limit} are processed, rows × columns). If there are empty rows or columns with "
                             "formats: delete them below or to the right of the list in Excel and save again. If the "
                             "list really is that large: keep only the columns needed or split it into several "
                             "files.",
    "safety.too_many_cell_tags": "The file “{name}” contains more than {limit} table cells and is not opened. Please "
                                 "copy only the customer list into a new file and save it.",
    "safety.unusual": "The file “{name}” is built in an unusual way and cannot be read safely. {resave}",
    "safety.beyond_excel": "The sheet “{sheet}” in “{name}” has a cell at {ref} – {where}. Excel does not write such "
                           "files. {resave}",
    "safety.beyond_rows": "beyond Excel's last row {last}",
    "safety.beyond_columns": "beyond Excel's last column XFD ({last} columns)",
    "safety.workbook_cells": "The workbook “{name}” has {cells} cells in {sheets} sheets together; at most {limit} are "
                             "processed. Please delete sheets not needed or copy only the customer list into a new "
                             "file and save it.",
    "safety.shared_strings_count": "The file “{name}” contains {at_least}{count} text entries; at most {limit} are "
                                   "processed. {resave}",
    "safety.shared_strings_bytes": "Unpacked, the texts in “{name}” are {size}; at most {limit} are processed. Please "
                                   "copy only the customer list into a new file.",
    "safety.size_larger": "larger than {limit}",
    "safety.size_is": "{size}",
    "safety.shared_string_size": "The file “{name}” contains a single text {size} (an Excel cell holds at most {chars} "
                                 "characters). {resave}",
    "safety.text_more_than": "of more than {limit}",
    "safety.text_of": "of {size}; at most {limit} are allowed",
    "safety.csv_columns": "Row {line} of “{name}” has {columns} columns; Excel allows at most {limit}. Please check "
                          "the separator and this row.",
    "safety.csv_rows": "The file “{name}” has more than {limit} rows, as many as an Excel sheet holds at most. Please "
                       "split the list.",
    "safety.csv_cells": "The file “{name}” has more than {limit} cells (up to row {line}); at most {limit} are "
                        "processed. Please save only the columns and rows needed.",
    "safety.csv_field": "Row {line}{column} of “{name}” contains a value of {more}{chars} characters; an Excel cell "
                        "holds at most {limit}. Please check this row (often a closing quotation mark is missing).",
    "safety.csv_field_column": ", column {column}",
    "safety.more_than_word": "more than ",
    "safety.csv_line": "Row {line} of “{name}” is {chars} characters long; at most {limit} characters per row are "
                       "processed. Please check this row.",
    "safety.csv_null": "Row {line} of “{name}” contains a null character and so is not CSV text. Please open the list "
                       "in Excel and save it again as “CSV UTF-8”.",
    "safety.encoding": "The file “{name}” is text in an unknown character encoding (neither UTF-8, UTF-16, "
                       "Windows-1252 nor DOS code page 850). Please save it in Excel as “CSV UTF-8” and upload it "
                       "again.",
    "safety.timeout": "Reading “{name}” took longer than {seconds} {seconds|second|seconds} and was stopped. Please "
                      "copy only the customer list into a new file and upload it again.",
    "safety.memory": "Reading the file “{name}” would need more than {limit} of memory; it was not opened. Please copy "
                     "only the customer list into a new file and upload it again.",
    "safety.crashed": "The reader crashed while reading “{name}”; the file was not opened (the app keeps running). "
                      "{resave}",
    "safety.busy": "The file “{name}” was not read because too many files are being read at the same time. Please "
                   "try again in a minute.",
    "safety.worker_failed": "The file “{name}” could not be read because the reader could not be started. Please try "
                            "again in a minute.",
    "safety.not_regular": "“{name}” is not a regular file but {what}. Please give the path to an .xlsx, .ods or .csv "
                          "file.",
    "safety.os_error": "The file “{name}” cannot be read: {reason}.",
    "safety.what.other": "something else",
    "safety.what.read_error": "read error",
    "safety.what.text": "text",
    "safety.what.pdf": "a PDF document",
    "safety.what.png": "a PNG image",
    "safety.what.jpeg": "a JPEG image",
    "safety.what.gif": "a GIF image",
    "safety.what.rtf": "an RTF document",
    "safety.what.exe": "a Windows program",
    "safety.what.elf": "a program",
    "safety.what.gzip": "a gzip archive",
    "safety.what.rar": "a RAR archive",
    "safety.what.7z": "a 7-Zip archive",
    "safety.what.bzip2": "a bzip2 archive",
    "safety.what.doc": "an old Word document (.doc)",
    "safety.what.ppt": "an old PowerPoint presentation (.ppt)",
    "safety.what.ole": "another old Office document",
    "safety.what.xml2003": "a spreadsheet in Excel 2003's XML format",
    "safety.what.html": "a web page (HTML)",
    "safety.what.xml": "an XML file",
    "safety.what.no_columns": "text without recognisable columns",
    "safety.what.text_document": "a text document",
    "safety.what.presentation": "a presentation",
    "safety.what.zip": "a ZIP archive",
    "safety.what.folder": "a folder",
    "safety.what.device": "a device",
    "safety.what.fifo": "a pipe (FIFO)",
    "safety.what.socket": "a socket",
    # command line: help texts and argument errors
    "cli.help.description": "Kundenwert: rate customer lists.",
    "cli.help.score": "score, classify and rank customers",
    "cli.help.scenario": "scenario as a JSON file",
    "cli.help.out": "write the result as .xlsx or .csv",
    "cli.help.csv_style": "CSV: German (;) or international (,)",
    "cli.help.min_order": "minimum revenue per order in € for the note “below minimum revenue” (default: from the "
                          "list, as in the app)",
    "cli.help.satisfied_score": "a 0–10 satisfaction from this value counts as satisfied (matrix in the Excel report)",
    "cli.help.matrix": "after-sales matrix",
    "cli.help.satisfied": "0–10 ratings from this value count as satisfied",
    "cli.help.validate": "check a file",
    "cli.help.validate_scenario": "scenario as a JSON file (for “scored”/“not scorable”)",
    "cli.help.lang": "language of the text output and exported files (default: ${env}, else de)",
    "cli.arg.number": "“{value}” – a number from {low} to {high} is expected",
    "cli.arg.amount": "“{value}” – an amount in € from 0 is expected",
    # the presets' names
    "preset.balanced": "Balanced",
    "preset.profit": "Profit first",
    "preset.loyalty": "Loyalty & referral",
    "preset.risk": "Risk",
    "chart.bubble.loss": " (loss)",
    "chart.bubble.hover": "<b>%{customdata[0]}</b> (id %{customdata[1]})<br>Class {klass}<br>Score %{x:.1f}<br>{basis} "
                          "%{customdata[2]}",
    "chart.bubble.hover_margin": "<br>Contribution margin %{customdata[3]}",
    "chart.bubble.size": "bubble size = contribution margin (€); open circles = negative contribution margin",
    "chart.bubble.sample": "sample: {shown} of {total} customers, the top {top} by score and {basis} always included",
    "chart.bubble.title": "Score and {basis} per customer",
    "chart.bubble.y": "{basis} (€)",
    "chart.bubble.y_log": "{basis} (€, logarithmic scale)",
    "chart.matrix.title_own": "After-sales matrix: repurchase rate by satisfaction with sale and service",
    "chart.matrix.title_study": "After-sales matrix of a study by a German premium car maker",
    "chart.matrix.sub_study": "Repurchase rate at the same dealer according to the study – not your data",
    "chart.matrix.x": "Satisfaction with after-sales (service)",
    "chart.matrix.y": "Satisfaction with the sale",
    'safety.csv_not_excel': 'The file “{name}” is not an {fmt} file ({ext}) – it contains text, not a workbook. If it is a list with separators (CSV), please save it as .csv (or change the extension to .csv) and upload it again.',
    'chart.matrix.x_no': 'Service:<br>not satisfied',
    'chart.matrix.x_yes': 'Service:<br>satisfied',
    'chart.matrix.y_yes': 'Sale:<br>satisfied',
    'chart.matrix.y_no': 'Sale: not<br>satisfied',
    'chart.matrix.hover': '%{y} · %{x}<br>Repurchase rate %{z:.0f}%<br>%{customdata}',
    'chart.matrix.empty': 'no<br>customers',
    'chart.matrix.cell': '<b>{rate}</b><br>{repurchasers} of {customers}',
    'chart.matrix.few': '<br><i>few</i>',
    'chart.matrix.study': '<br>Study {rate}',
    'chart.matrix.study_cell': '<b>{rate}</b><br>(study)',
    'chart.matrix.sub_own': 'Your data: {n} customers with all three answers; per cell: repurchase rate, repurchasers of customers, study rate',
    'chart.matrix.hover_cell': '{repurchasers} of {customers} customers, 95% interval {low}–{high}<br>Study: {study}',
    'chart.matrix.hover_study': 'Study: {study}',
    # charts (H9)
    "chart.nps_group.detractor": "Detractors (0–6)",
    "chart.nps_group.passive": "Passives (7–8)",
    "chart.nps_group.promoter": "Promoters (9–10)",
    "chart.status.new": "New customers",
    "chart.status.existing": "Existing customers",
    "chart.status_one.new": "New customer",
    "chart.status_one.existing": "Existing customer",
    "chart.not_scorable": "not scorable",
    "chart.radar.title": "Ratings compared",
    "chart.radar.sub": "0–10 points, outside = better",
    "chart.radar.gaps": "<br>missing (not counted as 0): {gaps}",
    "chart.radar.list": "Average of the whole list",
    "chart.radar.list_hover": "%{theta}: average %{r:.1f}<extra>whole list</extra>",
    "chart.radar.class": "Average of class {klass}",
    "chart.radar.class_hover": "%{theta}: average %{r:.1f}<extra>Class {klass}</extra>",
    "chart.contrib.missing": "missing",
    "chart.contrib.hover": "%{y}: %{x:.2f} points",
    "chart.contrib.title": "Contributions of the criteria to the score (sum = {score})",
    "chart.contrib.x": "Contribution to the score (points)",
    "chart.contrib.y": "Criterion",
    "chart.shares.share_customers": "Share of customers",
    "chart.shares.share_value": "Share of customer value",
    "chart.shares.share_revenue": "Share of revenue",
    "chart.shares.hover": "Class %{x}: {name} %{y:.1f}%",
    "chart.shares.title": "Classes compared: share of customers, value and revenue",
    "chart.shares.x": "Class",
    "chart.shares.y": "Share (%)",
    "chart.shares.sub": "solid bars = customers, hatched = value, dotted = revenue",
    "chart.cmp.cell": "Sale {sale}<br>Service {service}",
    "chart.cmp.own": "Your data",
    "chart.cmp.few": "<br>(few)",
    "chart.cmp.own_hover": "%{x}<br>Your data: %{y:.0f}% of %{customdata[0]} customers<br>"
                           "95% interval %{customdata[1]}–%{customdata[2]}",
    "chart.cmp.study": "Study",
    "chart.cmp.study_hover": "%{x}<br>Study: %{y:.0f}%",
    "chart.cmp.title_own": "Repurchase rate per cell: your data beside the study",
    "chart.cmp.title_study": "Repurchase rate per cell: study",
    "chart.cmp.x": "Satisfaction with the sale (✓/✗) and with service (✓/✗)",
    "chart.cmp.y": "Repurchase rate (%)",
    "chart.cmp.sub": "Error bars = 95% interval (Wilson)",
    "chart.nps.groups_hover": "%{x}: %{y:.1f}% of the answers",
    "chart.nps.title": "Customer voice: NPS {nps} from {n} {n|answer|answers}",
    "chart.nps.title_none": "Customer voice: no answers on recommendation",
    "chart.nps.groups_x": "Answer to “Would you recommend us?” (0–10)",
    "chart.nps.groups_y": "Share of the answers (%)",
    "chart.nps.groups_sub": "NPS = % promoters − % detractors",
    "chart.nps.by_class": "Class",
    "chart.nps.by_status": "Status (new/existing customer)",
    "chart.nps.by_title": "Net Promoter Score per {what}",
    "chart.nps.by_y": "NPS (points, −100 to +100)",
    "chart.sankey.node": "{klass} under {side}",
    "chart.sankey.quoted": "“{name}”",
    "chart.sankey.stay": "{source} → {target}: {n} {n|customer stays|customers stay}",
    "chart.sankey.move": "{source} → {target}: {n} {n|customer moves|customers move}",
    "chart.sankey.node_hover": "%{customdata}: %{value:,} customers",
    "chart.sankey.title": "Class changes between the scenarios",
    "chart.sankey.sub": "{changed} of {total} customers change class<br>left {a} · right {b}",
    "chart.stability.hover": "Class {klass}<br>Class kept in %{customdata[0]:.0f}–%{customdata[1]:.0f}% "
                             "of the draws: %{y:,} customers",
    "chart.stability.fragile": "fragile below {limit}",
    "chart.stability.title": "How certain is the class? ({n} scored customers)",
    "chart.stability.x": "Share of the draws in which the customer keeps its class (%)",
    "chart.dependence.hover": "Without %{y}: %{x:,} of today's A customers lose class A",
    "chart.dependence.title": "A customers who lose class A without the criterion",
    "chart.dependence.x": "A customers without class A if the criterion does not count (of {n})",
    "chart.dependence.sub": "the longer the bar, the more the A list relies on this criterion",
    "chart.abcxyz.cell": "<b>{cell}</b><br>{n} {n|customer|customers}<br>{revenue}<br>{share} of revenue",
    "chart.abcxyz.colorbar": "Revenue share",
    "chart.abcxyz.title": "ABC × XYZ: customers and revenue per cell",
    "chart.abcxyz.x": "Regularity (XYZ, coefficient of variation of monthly revenue)",
    "chart.abcxyz.y": "ABC class",
    "chart.xyz.X": "X – regular",
    "chart.xyz.Y": "Y – fluctuating",
    "chart.xyz.Z": "Z – irregular",
    "compare.class_in": "Class in {scenario}",
    # engine messages (H10)
    "reader.corrupt_file": "The file “{name}” is damaged and cannot be read. Please save the original file again and "
                           "upload it.",
    "reader.corrupt_sheet": "The sheet “{sheet}” in “{name}” is damaged and cannot be read. Please save the original "
                            "file again and upload it.",
    "reader.no_such_sheet": "There is no sheet “{sheet}” in “{name}”. Available: {sheets}.",
    "reader.no_sheet": "The workbook “{name}” contains no worksheet.",
    "reader.empty_workbook": "The workbook “{name}” is empty: no sheet contains data.",
    "reader.hidden_sheet": "Sheet “{sheet}” is hidden; it was read because no visible sheet contains data.",
    "reader.other_sheets": "Read sheet “{sheet}”; other sheets not used: {others}.",
    "reader.csv_sheet": "CSV files have no sheets; the sheet given was ignored.",
    "reader.where_sheet": "sheet “{sheet}” of “{name}”",
    "reader.where_file": "“{name}”",
    "reader.header_too_deep": "The first {limit} rows of {where} hold no header row; recognisable column names only "
                              "appear in row {row}. Please delete the rows above it (the header row is looked for in "
                              "the first {limit} rows) and upload the file again.",
    "reader.header_guessed": "No known column names were found in the first {limit} rows; row {row} is used as the "
                             "header row.",
    "reader.no_header": "No header row with recognisable columns was found in the first {limit} rows of {where} "
                        "(expected e.g. “Customer id”, “Customer”, “Creditworthiness (0-10)”).",
    "reader.header_found": "Header row found in row {row}; the rows above it (a title or similar) are not part of the "
                           "data.",
    "csv.foreign_lines": "The file is saved in UTF-8, except {n|line|lines} {lines}{more}: {n|it was|they were} read as "
                         "{encoding}. Please check the accented characters there.",
    "csv.more_lines": " and {n} more",
    "csv.read_as": "The file was read as {encoding}.",
    "os.read.ENOENT": "the file does not exist (please check the path)",
    "os.read.EACCES": "no permission to read it",
    "os.read.EISDIR": "it is a folder",
    "os.read.ENOTDIR": "part of the path is not a folder",
    "os.read.ENAMETOOLONG": "the path is too long",
    "os.read.ELOOP": "too many chained links in the path",
    "os.read.EIO": "read error of the storage device",
    "os.read.ENXIO": "the device cannot be reached",
    "os.read.EAGAIN": "the file cannot be read right now",
    "os.read.other": "operating system error (number {number})",
    "orders.arg.date": "“{value}” – expected a date such as 2025-12-31 or 31.12.2025",
    "orders.arg.months": "“{value}” – expected a number of months from 1 to {high}",
    "orders.help.period_end": "last day of the period (default: the newest order in the file)",
    "orders.help.months": "length of the period in months",
    "orders.help.orders": "order list (.xlsx/.csv): purchase history and contribution margin from it",
    "orders.help.from_orders": "own: the list's rating, derived: from the orders, fill: from the orders where the list "
                               "has none",
    "orders.help.command": "analyse an order list: figures per customer, ratings, XYZ",
    "orders.help.list": "customer list: match the orders to its customers",
    "orders.choice.own": "the list's own rating",
    "orders.choice.derived": "derived from the orders",
    "orders.choice.fill": "from the orders where the list has none",
    "orders.choices": "Ratings from orders: {choices}",
    "orders.head.file": "Order list: {file}, header row {row}",
    "orders.head.period": "Period: {start} to {end} ({months} {months|month|months})",
    "orders.head.rows": "Rows read: {read} = used {used} + rejected {rejected} + skipped {skipped}",
    "orders.head.retention": "Retention rate from orders: {rate} ({retained} of {buyers} {buyers|buyer|buyers} of the "
                             "previous period bought again)",
    "orders.col.id": "Customer id",
    "orders.col.revenue": "Revenue",
    "orders.col.margin": "Margin",
    "orders.col.orders": "Orders",
    "orders.col.days": "Days",
    "orders.col.purchase_history": "History",
    "orders.col.margin_score": "CM score",
    "orders.col.xyz": "XYZ",
    "scenario.default_name": "Scenario",
    "scenario.not_object": "Scenario file: a JSON object is expected.",
    "scenario.name_text": "Scenario file: “name” must be a text.",
    "scenario.weights_object": "Scenario file: “weights” must be an object {criterion: weight}.",
    "scenario.name_too_long": "Scenario file: “name” is too long ({length} characters, at most {limit}).",
    "scenario.unknown_criterion": "Scenario file: unknown criterion “{key}”.",
    "scenario.bad_weight": "Scenario file: the weight of “{key}” must be a number from 0 to 10, not {value}.",
    "scenario.reversed_list": "Scenario file: “reversed” must be a list of criteria.",
    "scenario.unknown_reversed": "Scenario file: unknown criterion “{key}” in “reversed”.",
    "scenario.bad_method": "Scenario file: “class_method” must be one of {choices}.",
    "scenario.thresholds_list": "Scenario file: “thresholds” must be a list of two numbers.",
    "scenario.bad_basis": "Scenario file: “pareto_basis” must be one of {choices}.",
    "scenario.bad_euro_per_point": "Scenario file: “euro_per_point” must be a number from 0 to 1 trillion, or null.",
    "scenario.bad_fraction": "Scenario file: “{field}” must be a number from 0 to below 1.",
    "scenario.too_large": "Scenario file is too large (more than {kb} KB; a small JSON file is expected).",
    "scenario.not_text": "Scenario file is not a text file (JSON in UTF-8 is expected).",
    "scenario.too_deep": "Scenario file is nested too deeply ({depth} levels; a scenario has at most three).",
    "scenario.bad_json_at": "Scenario file is not valid JSON: line {row}, column {col}: {why}.",
    "scenario.bad_json": "Scenario file is not valid JSON.",
    "scenario.constant": "Scenario file: “{name}” is not a valid number in JSON.",
    "scenario.json.property": "a name in double quotes is expected",
    "scenario.json.value": "a value is expected",
    "scenario.json.colon": "a colon is expected",
    "scenario.json.comma": "a comma is expected",
    "scenario.json.extra": "more text follows the end of the JSON object",
    "scenario.json.unterminated": "a text in quotes is not closed",
    "scenario.json.control": "a control character is not allowed in a text",
    "scenario.json.escape": "invalid escape sequence (\\)",
    "scenario.json.escape_u": "invalid escape sequence (\\u)",
    "scenario.json.syntax": "syntax error",
    "scenario.thresholds.score": "Score thresholds: 0 ≤ B threshold ({b}) ≤ A threshold ({a}) ≤ 10 must hold.",
    "scenario.thresholds.pareto": "Pareto thresholds: 0 < A ({a}%) ≤ B ({b}%) ≤ 100 must hold.",
    "scenario.thresholds.rank": "Rank shares: A ({a}%) and B ({b}%) must add up to at most 100%.",
    "scenario.prefix": "Scenario file",
    "scenario.label": "Scenario file “{name}”",
    "scenario.unreadable": "{label} cannot be read: {reason}.",
    "scenario.not_regular": "{label} is not a regular file (for example a folder or a device).",
    "scenarios.arg.version": "“{value}” – expected a version number from 1",
    "scenarios.help.db": "database: path of a SQLite file or an SQLAlchemy URL (default: $KUNDENWERT_DB, else "
                         "data/kundenwert.db)",
    "scenarios.help.command": "scenario library (database)",
    "scenarios.help.action": "ACTION",
    "scenarios.help.name_or_id": "NAME_OR_ID",
    "scenarios.help.file": "FILE.json",
    "scenarios.help.list": "saved scenarios",
    "scenarios.help.archived": "show archived ones too",
    "scenarios.help.show": "a scenario with its versions",
    "scenarios.help.save": "save a scenario file (new version)",
    "scenarios.help.import": "read a scenario file or a backup (export --all)",
    "scenarios.help.name": "save under this name (default: the name in the file)",
    "scenarios.help.export": "a scenario as JSON (for score --scenario), or everything",
    "scenarios.help.all": "backup: every scenario with every version",
    "scenarios.help.archive": "archive a scenario (nothing is deleted)",
    "scenarios.help.restore": "bring back from the archive; with --version: save an old version as the newest",
    "scenarios.when": "{date} {time} UTC",
    "scenarios.out_folder": "--out: “{path}” is a folder – please give a file name.",
    "scenarios.written": "Written: {path}",
    "scenarios.empty_archived": "The library is empty.",
    "scenarios.empty": "No scenarios in the library (--archived shows archived ones).",
    "scenarios.archived": "archived",
    "scenarios.col.id": "ID",
    "scenarios.col.name": "Name",
    "scenarios.col.version": "Version",
    "scenarios.col.author": "Author",
    "scenarios.col.saved": "Saved",
    "scenarios.col.note": "Note",
    "scenarios.col.status": "Status",
    "scenarios.count": "{n} {n|scenario|scenarios}",
    "scenarios.show.head": "Scenario “{name}” (ID {id}), version {version} of {versions}",
    "scenarios.show.archived": " – archived",
    "scenarios.show.saved": "Saved: {when} by {author}",
    "scenarios.show.note": "Note: {note}",
    "scenarios.show.weights": "Weights:",
    "scenarios.show.reversed": " (high = bad)",
    "scenarios.show.classes": "Classes: {method} (A {a}, B {b})",
    "scenarios.show.versions": "Versions:",
    "scenarios.saved": "Saved: “{name}” version {version} (ID {id}).",
    "scenarios.backup_too_large": "{label} is too large (more than {mb} MB).",
    "scenarios.name_with_backup": "--name does not fit a backup of several scenarios.",
    "scenarios.imported_backup": "Imported: {n} {n|version|versions} from {label}.",
    "scenarios.imported": "Imported: “{name}” version {version} (ID {id}).",
    "scenarios.all_with_name": "--all exports every scenario – please leave out the name and --version.",
    "scenarios.export_what": "export: please give the name or ID of a scenario (or --all).",
    "scenarios.archived_done": "Archived: “{name}” (bring back: scenarios restore {id}).",
    "scenarios.restored": "Back from the archive: “{name}”.",
    "scenarios.restore_author": "restore --version saves a new version – please give --author.",
    "scenarios.restored_version": "Version {old} of “{name}” saved as version {version}.",
    "store.field.name": "Name",
    "store.field.author": "Author",
    "store.field.note": "Note",
    "store.not_text": "{what} must be a text.",
    "store.missing": "{what} is missing – please give it.",
    "store.too_long": "{what} is too long ({length} characters, at most {limit}).",
    "store.corrupt": "A saved scenario is damaged: {reason}",
    "store.restored_note": "Restored from version {version}",
    "store.unknown": "There is no scenario “{name}” in the library.",
    "store.no_version": "Scenario “{name}” has no version {version}.",
    "store.db.read_only": "The database “{where}” is read-only – saving is not possible.",
    "store.db.cannot_open": "The database “{where}” cannot be opened (file or folder missing, or no permission).",
    "store.db.not_a_database": "The file “{where}” is not a valid database.",
    "store.db.locked": "The database “{where}” is locked right now – please try again in a moment.",
    "store.db.login": "Logging in to the database “{where}” failed (user or password).",
    "store.db.no_database": "The database “{where}” does not exist on the server.",
    "store.db.unreachable": "The database “{where}” cannot be reached (check server, host or port).",
    "store.db.other": "The database “{where}” reports an error ({kind}).",
    "store.bad_url": "Invalid database address (expected: a file path or an SQLAlchemy URL such as "
                     "postgresql+psycopg://user@host:5432/database).",
    "store.unsupported": "Database address “{url}”: this type of database is not supported (possible: SQLite file, "
                         "PostgreSQL).",
    "store.newer_schema": "The database “{where}” comes from a newer Kundenwert version (schema {current}, this version "
                          "knows up to {known}) – please update Kundenwert.",
    "store.foreign_table": "The database “{where}” contains a table “scenarios” without a version entry – it does not "
                           "belong to Kundenwert.",
    "store.overloaded": "The database “{where}” is overloaded – the scenario “{name}” could not be saved after {tries} "
                        "attempts.",
    "store.session_only": "Scenario library: {reason} – scenarios are only kept for this session.",
    "store.backup.scenarios_list": "Backup file: “scenarios” must be a list.",
    "store.backup.versions_list": "Backup file: entry {item} has no list “versions”.",
    "store.backup.where": "Backup file: scenario {item}, version {version}",
    "store.backup.not_object": "{where}: an object is expected.",
    "store.backup.scenario": "{where}: {reason}",
    "store.backup.created_at": "{where}: “created_at” is not a point in time.",
    "link.default_name": "Own weighting",
    "link.inline_name": "Scenario {key}",
    "link.shown": "“{key}={value}”",
    "link.weights_v1": "{shown} (expected: {n} weights from {low} to {high}, separated by commas)",
    "link.weights_v2": "{shown} (expected: criterion:weight from {low} to {high}, e.g. purchase_history:7.5; not "
                       "readable: {bad})",
    "link.too_many": "too many entries",
    "link.all_zero": "{shown} (all weights 0)",
    "link.rounded": "{shown}: rounded to steps of {step}",
    "link.unknown_criteria": "{shown} (unknown criteria: {keys})",
    "link.custom": "{shown} (expected: name:weight, e.g. Innovation:7.5)",
    "link.one_of": "{shown} (expected: {choices})",
    "link.thresholds": "{shown} (no valid thresholds for the method “{method}”, the default applies)",
    "link.eur": "{shown} (expected: € per point, a number from 0 to {high})",
    "link.clv": "{shown} (expected: retention rate 0–0.99, discount rate 0–0.5)",
    "link.inline": "{shown} – {problem}",
    "link.pick": "{shown} (expected: current, preset:name, lib:number:version or inline:settings)",
    "link.whole_number": "{shown} (expected: a whole number from {low} to {high} in steps of {step})",
    "link.unknown_parameter": "{shown} (unknown parameter)",
    "link.version": "{shown} (unknown link version, expected: {version}; the weights are read as a list per "
                    "criterion)",
    "link.notice": "The link contained settings that do not fit – they were ignored and the defaults apply: "
                   "{problems}{more}.",
    "link.more": "; and {n} more",
    # the id given to a row without one is data, the same in every language: only the German entry is used
    "dataset.row_id": "Zeile {row}",
}
