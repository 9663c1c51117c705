"""German catalogue: every user-visible sentence of the engine and the edges, by key."""

MESSAGES: dict[str, str] = {
    # findings of the data check (codes in findings.SEVERITY)
    'finding.reader_note': '{note}',
    'finding.no_ratings': 'In „{source}“ wurde keine Bewertungsspalte (0–10) erkannt: Ranking und ABC-Analyse brauchen Spalten wie „Kaufhistorie“, „Bonität“ oder „Zahlungsmentalität“ (eigene Spalten lassen sich in der Spaltenzuordnung als Kriterium übernehmen). After-Sales-Matrix und NPS gehen auch ohne.',
    'finding.no_id_column': 'Keine Spalte für die Kunden-Nr. erkannt: die Excel-Zeilennummer dient als Nr.',
    'finding.duplicate_column': 'Spalte {column} „{header}“ ist wie Spalte {first_column} „{first_header}“ als „{target}“ erkannt – nur Spalte {first_column} wird verwendet (in der Spaltenzuordnung änderbar).',
    'finding.rating_like_unused': 'Spalte {column} „{header}“ enthält nur Werte von 0 bis 10 – in der Spaltenzuordnung als eigenes Kriterium übernehmbar.',
    'finding.unnamed_column_unused': 'Spalte {column} hat Daten, aber keine Überschrift – nicht verwendet (in der Spaltenzuordnung zuweisbar).',
    'finding.header_by_values': 'Spalte {column} „{header}“ nennt keine Einheit: {share} % der Zahlen sind größer als 10, daher als „{target}“ gelesen (in der Spaltenzuordnung änderbar).',
    'finding.header_by_values_mixed': 'Spalte {column} „{header}“ nennt keine Einheit und die Werte sind gemischt ({share} % größer als 10): als „{target}“ gelesen – bitte in der Spaltenzuordnung prüfen.',
    'finding.money_scaled': 'Spalte {column} „{header}“ in {unit}: Werte × {factor} als € gelesen.',
    'finding.number_format_text': 'Spalte {column} „{header}“: Zahlen als Text mit {comma|Dezimalkomma|Dezimalpunkt} gelesen (z. B. „{example}“ = {value}).',
    'finding.number_format_from_file': 'Spalte {column} „{header}“: „{example}“ wie der Rest der Datei mit {comma|Dezimalkomma|Dezimalpunkt} gelesen (= {value}).',
    'finding.number_format_ambiguous': 'Spalte {column} „{header}“: „{example}“ kann {value} oder {alternative} bedeuten – die Spalte zeigt es nicht; gelesen mit {comma|Dezimalkomma|Dezimalpunkt} (= {value}). Bitte prüfen.',
    'finding.rating_fractions': 'Spalte {column} „{header}“: alle Werte liegen zwischen 0 und 1 (z. B. {example}) – in Excel als Prozent formatiert? Gelesen wird {example} von 10, nicht {scaled}. Bitte Bewertungen als Zahl von 0 bis 10 eintragen.',
    'finding.percent_rating': '{cell}: „{text}“ als {value} gelesen (Prozent der Skala 0–10).',
    'finding.percent_rating_many': 'Spalte {column} „{header}“: {count} Prozentangaben als Anteil der Skala 0–10 gelesen, z. B. {cell}: „{text}“ als {value} (Zeilen {rows}).',
    'finding.unit_in_cell': '{cell}: „{text}“ als {value} € gelesen.',
    'finding.unit_in_cell_many': 'Spalte {column} „{header}“: {count} Beträge mit eigener Einheit umgerechnet, z. B. {cell}: „{text}“ als {value} € (Zeilen {rows}).',
    'finding.value_not_used': '{cell} „{header}“: {reason} – als fehlend behandelt.',
    'finding.value_not_used_many': 'Spalte {column} „{header}“: {count} Werte nicht verwendbar und als fehlend behandelt, z. B. {cell}: {reason} (Zeilen {rows}).',
    'finding.value_not_finite': '{cell} „{header}“: „{text}“ ist kein gültiger Betrag – als fehlend behandelt.',
    'finding.value_not_finite_many': 'Spalte {column} „{header}“: {count} ungültige Beträge (z. B. {cell}: „{text}“) als fehlend behandelt (Zeilen {rows}).',
    'finding.excel_error_field': '{cell} „{header}“: Excel-Fehlerwert „{text}“ – als fehlend behandelt.',
    'finding.excel_error_field_many': 'Spalte {column} „{header}“: {count} Excel-Fehlerwerte (z. B. {cell}: „{text}“) als fehlend behandelt (Zeilen {rows}).',
    'finding.formula_without_value': '{cell}: Formel ohne gespeicherten Wert – als leer gelesen (Datei in Excel öffnen und speichern).',
    'finding.formula_without_value_many': 'Spalte {column} „{header}“: {count} Formeln ohne gespeicherten Wert als leer gelesen (Zeilen {rows}; Datei in Excel öffnen und speichern).',
    'finding.id_missing': 'Keine Kunden-Nr. in Zeile {row} – die Zeilennummer dient als Nr.',
    'finding.id_missing_many': '{count} Zeilen ohne Kunden-Nr. – dort dient die Zeilennummer als Nr. (Zeilen {rows}).',
    'finding.ratings_missing': 'Zeile {row}: {count} {count|Bewertung fehlt|Bewertungen fehlen} ({columns}) – {count|zählt|zählen} nicht als 0.',
    'finding.ratings_missing_many': 'In {rows_count} Zeilen {cells|fehlt|fehlen} zusammen {cells} {cells|Bewertung|Bewertungen} – Lücken zählen nicht als 0. {worst_n|Zeile|Zeilen} {worst} {worst_n|hat|haben} mit {worst_count} die meisten Lücken.',
    'finding.total_row': 'Zeile {row} ist eine Summenzeile ({why}) und wird nicht als Kunde gezählt.',
    'finding.row_rejected': 'Zeile {row} nicht verwendet: {reason}',
    'finding.rows_rejected_column': 'Spalte {column} „{header}“: {count} {count|Zeile|Zeilen} nicht verwendet, z. B. {cell}: {reason} (Zeilen {rows}).',
    'finding.rows_rejected_duplicate_id': '{count} {count|Zeile|Zeilen} mit doppelter Kunden-Nr. nicht verwendet, z. B. {reason} (Zeilen {rows}).',
    # why a cell makes its row unusable
    'reason.out_of_range': 'Wert {value} liegt außerhalb {low}–{high}',
    'reason.not_a_number': '„{text}“ ist keine Zahl',
    'reason.excel_error': 'Excel-Fehlerwert „{text}“',
    'reason.bool_not_number': 'Wahrheitswert „{text}“ statt einer Zahl',
    'reason.date_not_number': 'Datum/Uhrzeit „{text}“ statt einer Zahl',
    'reason.not_finite': '„{text}“ ist kein gültiger Zahlenwert',
    'reason.too_large': '„{text}“ ist kein plausibler Betrag',
    'reason.percent_not_amount': '„{text}“ ist ein Prozentwert, kein Betrag',
    'reason.formula_without_value': 'Formel ohne gespeicherten Wert (Datei in Excel öffnen und speichern)',
    'reason.repurchase_not_yes_no': 'Wiederkauf muss ja/nein (oder 1/0) sein',
    'reason.duplicate_id': 'Kunden-Nr. „{id}“ doppelt: schon in Zeile {first_row}',
    # why a row is skipped
    'skip.blank': 'leere Zeile',
    'skip.total': 'Summenzeile ({why}) – nicht als Kunde gezählt',
    'skip.no_data': 'keine Kundendaten (weder Nr., Name noch Bewertung)',
    'total_why.no_id': 'Beschriftung „{label}“, keine Kunden-Nr.',
    'total_why.sums': 'Beschriftung „{label}“, Werte = Spaltensummen',
    "reason.in_cell": "{cell} ({header}): {reason}",
    "word.yes": "ja",
    "word.no": "nein",
    # report: not scorable, accounting
    "report.not_scorable.no_ratings": "Die Liste hat keine Bewertungsspalten – ohne Bewertungen kein Score.",
    "report.not_scorable.low_weight_share": "Bewertungen für nur {share} des Gesamtgewichts vorhanden ({missing} von "
                                            "{criteria} {criteria|Kriterium|Kriterien} {missing|fehlt|fehlen}; "
                                            "mindestens 50 % nötig)",
    "report.no_ratings": "Die Liste hat keine Bewertungsspalten (0–10) – ohne Bewertungen gibt es keinen Score, kein "
                         "Ranking und keine ABC-Klassen. After-Sales-Matrix und NPS gehen auch ohne; "
                         "Bewertungsspalten lassen sich ergänzen oder in der Spaltenzuordnung als Kriterium "
                         "übernehmen.",
    "report.acc.sentence": "Gelesen: {read} {read|Zeile|Zeilen} = {parts}",
    "report.acc.scored": "{n} bewertet",
    "report.acc.not_scorable": "{n} nicht bewertbar",
    "report.acc.unrated": "{n} {n|Kunde|Kunden} ohne Bewertung",
    "report.acc.rejected": "{n} abgelehnt",
    "report.acc.skipped": "{n} übersprungen",
    # class methods and rules
    "method.score": "Score-Schwellen",
    "method.pareto": "Pareto (Wertanteil)",
    "method.rank": "Rang-Anteile",
    "basis.value_eur": "Kundenwert",
    "basis.revenue": "Umsatz",
    "basis.margin": "Deckungsbeitrag",
    "basis_of.value_eur": "Kundenwerts",
    "basis_of.revenue": "Umsatzes",
    "basis_of.margin": "Deckungsbeitrags",
    "rule.generic.score": "A, wenn Score ≥ a; B, wenn Score ≥ b; sonst C.",
    "rule.generic.pareto": "Nach Wertbasis (Kundenwert, Umsatz oder Deckungsbeitrag) absteigend sortiert, Gleichstand "
                           "nach Kunden-Nr.: A, solange die Kunden davor weniger als a % der Summe halten, dann B bis "
                           "b %, sonst C.",
    "rule.generic.rank": "Die besten a % der Kunden nach Score sind A, die nächsten b % B, der Rest C (Gleichstand "
                         "nach Kunden-Nr.).",
    "rule.defaults": "a = {a}, b = {b}",
    "rule.short": "{method} ({a} / {b})",
    "rule.short_basis": "{method} nach {basis} ({a} / {b})",
    "rule.text.score": "Klasse A ab Score {a}, B ab {b}, darunter C – die Klasse hängt nur vom eigenen Score des "
                       "Kunden ab.",
    "rule.text.pareto": "Die Kunden werden nach {basis} absteigend sortiert (Gleichstand nach Kunden-Nr.); A ist, wer "
                        "vor sich weniger als {a} des gesamten {basis_of} hat, B bis {b}, der Rest C.",
    "rule.text.rank": "Die besten {a} der Kunden nach Score sind A, die nächsten {b} B, der Rest C (Gleichstand nach "
                      "Kunden-Nr.).",
    # flags
    "flag.slow_payer": "Langsamer Zahler – Vorkasse erwägen",
    "flag.key_account": "Key Account",
    "flag.low_order_revenue": "Unter Mindestumsatz je Auftrag",
    "flag.loss": "Negativer Deckungsbeitrag",
    "flag.not_scorable": "Nicht bewertbar",
    "flag.incomplete": "Unvollständig",
    "flag_detail.slow_payer": "Zahlungsmentalität {payment} von 10 (≤ {limit}): Lieferung gegen Vorkasse oder "
                              "kürzere Zahlungsziele erwägen.",
    "flag_detail.key_account": "Umsatz {revenue} – unter den umsatzstärksten {share} der Liste (ab {start}).",
    "flag_detail.low_order_revenue": "{per_order} je Auftrag ({orders} {orders|Auftrag|Aufträge}) – unter "
                                     "{minimum}: Mindestbestellwert oder Bündelung erwägen.",
    "flag_detail.loss": "Deckungsbeitrag {margin}: der Kunde kostet derzeit mehr, als er einbringt.",
    "flag_detail.not_scorable": "Zu viele Bewertungen fehlen.",
    "flag_detail.incomplete": "{missing} {missing|Bewertung fehlt|Bewertungen fehlen} – der Score stützt sich auf die "
                              "übrigen Kriterien (fehlend zählt nicht als 0).",
    # the after-sales study
    "study.sale": "zufrieden mit dem Kauf",
    "study.aftersales": "zufrieden mit After-Sales",
    "study.repurchase": "Wiederkauf beim selben Händler",
    "study.reading": "Lesart der Studie: Wer mit Kauf und Service zufrieden ist, kauft zu {both} wieder beim selben "
                     "Händler. Guter Service allein hält noch {service}, ein guter Kauf allein nur {sale}.",
    # profile: what lifts a customer
    "lift.no_score": "Ohne Score keine Klasse: zuerst die fehlenden Bewertungen ergänzen.",
    "lift.top": "Bereits Klasse A – die höchste Klasse.",
    "lift.score": "Klasse {target} beginnt bei Score {score} (Score-Schwelle).",
    "lift.basis": "Die Klassen richten sich hier nach dem {basis}, nicht nach dem Score: eine bessere Bewertung "
                  "ändert die Klasse nicht, nur ein höherer {basis}.",
    "lift.empty": "Klasse {target} ist derzeit leer – die Schwellen anpassen.",
    "lift.floor": "Der schwächste Kunde in Klasse {target} hat Score {score} – Klassen nach {rule}; wer ihn "
                  "übertrifft, rückt auf (die anderen Kunden unverändert).",
    # command line
    "cli.file": "Datei: {file}",
    "cli.sheet": ", Blatt „{sheet}“",
    "cli.header_row": ", Kopfzeile {row}",
    "cli.scenario": "Szenario: {name}; Klassen nach {rule}; {epp} je Punkt",
    "cli.classes": "Klassen: A {a}, B {b}, C {c}; Gesamtwert {total}",
    "cli.col.rank": "Rang",
    "cli.col.id": "Nr.",
    "cli.col.customer": "Kunde",
    "cli.col.score": "Score",
    "cli.col.value": "Wert",
    "cli.col.class": "Klasse",
    "cli.col.flags": "Hinweis",
    "cli.not_scorable": "Nicht bewertbar",
    "cli.rejected": "Abgelehnte Zeilen",
    "cli.skipped": "Übersprungene Zeilen",
    "cli.row_reason": "Zeile {row}: {reason}",
    "cli.matrix.study": "Die Liste hat keine Spalten für {columns}; gezeigt werden die Werte der Studie eines "
                        "deutschen Premium-Autoherstellers.",
    "cli.matrix.own": "After-Sales-Matrix aus {n} {n|Kunde|Kunden} (zufrieden ab {threshold} bei 0–10-Bewertungen)",
    "cli.matrix.few": "wenige Kunden",
    "cli.matrix.col.sale": "Kauf zufrieden",
    "cli.matrix.col.aftersales": "After-Sales zufrieden",
    "cli.matrix.col.customers": "Kunden",
    "cli.matrix.col.repurchasers": "Wiederkäufer",
    "cli.matrix.col.rate": "Quote",
    "cli.matrix.col.ci": "95 %-Intervall",
    "cli.matrix.col.study": "Studie",
    "cli.nps": "NPS: {nps} ({promoters} Promotoren, {passives} Passive, {detractors} Kritiker)",
    "cli.columns": "Spalten:",
    "cli.no_header": "(ohne Überschrift)",
    "cli.not_used": "nicht verwendet",
    "cli.errors": "Fehler",
    "cli.warnings": "Warnungen",
    "cli.info": "Hinweise",
    "cli.result_ok": "Ergebnis: in Ordnung",
    "cli.result_errors": "Ergebnis: Fehler gefunden",
    "cli.written": "Ergebnis geschrieben: {path}",
    "cli.error": "Fehler: {message}",
    "cli.usage_error": "Fehler: {message} (Hilfe: python -m kundenwert --help)",
    "cli.aborted": "Abgebrochen.",
    "cli.out_format": "--out: unbekanntes Format „{path}“ – bitte .xlsx oder .csv angeben.",
    "cli.out_folder": "--out: „{path}“ ist ein Ordner – bitte einen Dateinamen angeben, z. B. „{example}“.",
    "cli.out_no_folder": "--out: den Ordner „{folder}“ gibt es nicht – bitte zuerst anlegen.",
    "cli.out_failed": "--out: „{path}“ kann nicht geschrieben werden: {why}.",
    "cli.out_cannot_create": "die Datei lässt sich nicht anlegen",
    "cli.example_file": "ergebnis.xlsx",
    "cli.no_memory": "zu wenig Arbeitsspeicher für diese Datei.",
    "cli.too_deep": "die Datei ist zu tief verschachtelt und kann nicht verarbeitet werden.",
    "cli.no_output": "Ausgabe nicht möglich: {why}.",
    "cli.internal": "unerwarteter interner Fehler ({kind}) – bitte melden.",
    # operating-system errors (the OS's own text is English)
    "os.ENOENT": "nicht gefunden",
    "os.EISDIR": "das ist ein Ordner, keine Datei",
    "os.ENOTDIR": "ein Teil des Pfads ist kein Ordner",
    "os.EACCES": "keine Berechtigung",
    "os.EPERM": "keine Berechtigung",
    "os.ENOSPC": "kein Speicherplatz mehr frei",
    "os.EDQUOT": "Speicherkontingent erschöpft",
    "os.EROFS": "das Laufwerk ist schreibgeschützt",
    "os.ENAMETOOLONG": "der Name ist zu lang",
    "os.ELOOP": "zu viele verkettete Verknüpfungen",
    "os.EBUSY": "die Datei wird gerade benutzt",
    "os.ETXTBSY": "die Datei wird gerade benutzt",
    "os.EIO": "Lese-/Schreibfehler des Datenträgers",
    "os.EMFILE": "zu viele offene Dateien",
    "os.EFBIG": "die Datei wird zu groß",
    "os.EINVAL": "ungültiger Name",
    "os.other": "Fehler des Betriebssystems ({name})",
    # exports: column headers, sheet names, notes
    "export.col.rank": "Rang",
    "export.col.id": "Kunden-Nr.",
    "export.col.name": "Kunde",
    "export.col.score": "Score",
    "export.col.value": "Kundenwert (€)",
    "export.col.class": "Klasse",
    "export.col.clv": "CLV (€)",
    "export.col.contribution": "Beitrag {criterion}",
    "export.col.flags": "Hinweise",
    "export.col.row": "Excel-Zeile",
    "export.col.criterion": "Kriterium",
    "export.col.weight": "Gewicht",
    "export.col.share": "Anteil",
    "export.col.direction": "Richtung",
    "export.col.customers": "Kunden",
    "export.col.share_customers": "Anteil Kunden",
    "export.col.share_value": "Anteil Kundenwert",
    "export.col.avg_score": "Ø Score",
    "export.col.revenue": "Umsatz (€)",
    "export.col.share_revenue": "Anteil Umsatz",
    "export.col.sale": "Kauf zufrieden",
    "export.col.aftersales": "After-Sales zufrieden",
    "export.col.repurchasers": "Wiederkäufer",
    "export.col.rate": "Quote",
    "export.col.ci_low": "Intervall von",
    "export.col.ci_high": "Intervall bis",
    "export.col.study": "Studie",
    "export.col.note": "Hinweis",
    "export.col.kind": "Art",
    "export.col.reason": "Grund",
    "export.direction.reversed": "hoch ist schlecht (10 − Wert)",
    "export.direction.normal": "hoch ist gut",
    "export.few": "wenige Kunden – Quote unsicher",
    "export.kind.rejected": "abgelehnt",
    "export.kind.not_scorable": "nicht bewertbar",
    "export.kind.skipped": "übersprungen",
    "export.kind.info": "Hinweis",
    "export.kind.warning": "Warnung",
    "export.sheet.result": "Ergebnis",
    "export.sheet.weights": "Gewichtung",
    "export.sheet.abc": "ABC-Übersicht",
    "export.sheet.matrix": "After-Sales-Matrix",
    "export.sheet.check": "Datenprüfung",
    "export.title": "Kundenwert – Ergebnis",
    "export.made_with": "Erstellt mit Kundenwert",
    "export.note.scenario": "Szenario: {name}",
    "export.note.classes": "Klassen: {rule}",
    "export.note.epp": "Euro je Punkt: {epp} ({source})",
    "export.epp.margin": "aus dem Deckungsbeitrag abgeleitet",
    "export.epp.default": "Standardwert",
    "export.epp.user": "vom Anwender gesetzt",
    "export.note.clv": "CLV: Bindungsrate {retention}, Diskontsatz {discount}",
    "export.note.abc": "ABC-Übersicht – {rule}",
    "export.note.matrix_own": "After-Sales-Matrix: Wiederkauf nach Zufriedenheit mit Kauf und After-Sales "
                              "(95 %-Intervall nach Wilson; zufrieden ab {threshold} bei 0–10-Bewertungen)",
    "export.note.matrix_study": "After-Sales-Matrix: Werte der Studie eines deutschen Premium-Autoherstellers (die "
                                "Liste hat keine Spalten für Zufriedenheit mit Kauf, mit After-Sales und Wiederkauf)",
    "export.note.check": "Datenprüfung – {file}",
    # HTML report
    "html.kpi.scored": "Kunden bewertet",
    "html.kpi.avg_score": "Ø Score",
    "html.kpi.total_value": "Kundenwert gesamt",
    "html.kpi.class": "Klasse {klass}",
    "html.top_one": "Der wertvollste Kunde",
    "html.top_many": "Die {n} wertvollsten Kunden",
    "html.sub": "{file} · Szenario „{scenario}“ · Klassen nach {rule} · {epp} je Punkt · erstellt {created}",
    "html.classes": "ABC-Klassen",
    "html.weights": "Gewichtung",
    "html.col.value": "Kundenwert",
    # the empty template (sample_files.write_template) and its header notes
    "template.title": "Vorlage Kundenliste",
    "template.sheet": "Kunden",
    "template.hints_sheet": "Hinweise",
    "template.new": "Neukunde",
    "template.existing": "Bestandskunde",
    "template.high_good": "Hoch ist gut.",
    "template.high_bad": "Hoch ist schlecht – wird vom Programm umgekehrt (10 − Wert).",
    "template.criterion_note": "{label}: {question}\nBewertung 0 bis 10, halbe Punkte erlaubt (z. B. 7,5).\n"
                               "0 = {low}, 10 = {high}.\n{direction}\n"
                               "Leer lassen, wenn unbekannt – eine Lücke zählt nicht als 0.",
    "template.note.id": "Kundennummer: eindeutig je Kunde (Text oder Zahl). Fehlt die Spalte, wird die Zeilennummer "
                        "verwendet.",
    "template.note.name": "Kunde: Name bzw. Firma des Kunden.",
    "template.note.status": "Status: „Neukunde“ oder „Bestandskunde“ (optional). Dient dem Vergleich – beide werden "
                            "gleich bewertet.",
    "template.note.revenue": "Umsatz in Euro pro Jahr, netto, als Zahl (optional). Basis für Pareto-Klassen und "
                             "Schlüsselkunden.",
    "template.note.margin": "Deckungsbeitrag in Euro pro Jahr (Umsatz minus variable Kosten), als Zahl, darf negativ "
                            "sein (optional). Bestimmt den Vorschlag für „Euro je Punkt“ und den Kundenlebenswert.",
    "template.note.orders": "Anzahl Aufträge im selben Zeitraum wie der Umsatz, ganze Zahl (optional). Ergibt den "
                            "Umsatz je Auftrag.",
    "template.note.recommend": "Weiterempfehlung: Antwort auf „Wie wahrscheinlich ist es, dass Sie uns "
                               "weiterempfehlen?“, ganze Zahl 0 bis 10 (optional). 0 = auf keinen Fall, 10 = äußerst "
                               "wahrscheinlich. Ergibt den Net Promoter Score (0–6 Kritiker, 7–8 Passive, 9–10 "
                               "Promotoren). Hoch ist gut.",
    "template.note.sale_satisfied": "War der Kunde mit dem Kauf (Beratung, Abschluss, Lieferung) zufrieden? „ja“ "
                                    "oder „nein“ (optional). Für die After-Sales-Matrix.",
    "template.note.aftersales_satisfied": "War der Kunde mit dem Service nach dem Kauf (Kundendienst, Werkstatt, "
                                          "Support) zufrieden? „ja“ oder „nein“ (optional). Für die "
                                          "After-Sales-Matrix.",
    "template.note.repurchase": "Hat der Kunde erneut bei uns gekauft? „ja“ oder „nein“ (optional). Für die "
                                "After-Sales-Matrix.",
    "template.invalid.rating": "Ungültige Bewertung",
    "template.invalid.rating.text": "Bitte eine Zahl von 0 bis 10 eingeben (halbe Punkte wie 7,5 sind erlaubt) oder "
                                    "die Zelle leer lassen.",
    "template.invalid.recommend": "Ungültige Weiterempfehlung",
    "template.invalid.recommend.text": "Bitte eine ganze Zahl von 0 bis 10 eingeben oder die Zelle leer lassen.",
    "template.invalid.yes_no": "Bitte ja oder nein",
    "template.invalid.yes_no.text": "Bitte „ja“ oder „nein“ auswählen oder die Zelle leer lassen.",
    "template.invalid.status": "Unbekannter Status",
    "template.invalid.status.text": "Erwartet wird „Neukunde“ oder „Bestandskunde“. Trotzdem übernehmen?",
    "template.invalid.orders": "Ungültige Anzahl",
    "template.invalid.orders.text": "Bitte eine ganze Zahl ab 0 eingeben oder die Zelle leer lassen.",
    "template.howto": "So füllen Sie die Vorlage aus\n\n"
                      "1. Eine Zeile pro Kunde im Blatt „Kunden“, ab Zeile 2. Die Überschriften in Zeile 1 bitte "
                      "stehen lassen. (Das Programm erkennt auch gängige Varianten wie „Kd.-Nr.“ oder englische "
                      "Überschriften; eine Titelzeile über der Überschrift ist erlaubt.)\n"
                      "2. Nötig sind ein Kundenname und die Bewertungen. Alle anderen Spalten sind optional – was Sie "
                      "nicht nutzen, lassen Sie leer oder löschen die Spalte.\n"
                      "3. Bewertungen: Zahlen von 0 bis 10, halbe Punkte sind erlaubt (z. B. 7,5). Was 0 und 10 "
                      "bedeuten, steht in der Notiz an jeder Überschrift (rotes Dreieck oben rechts in der Zelle).\n"
                      "4. Richtung: Bei Preissensibilität, Schnäppchenfaktor, Betreuungsaufwand und "
                      "Reklamationsbereitschaft ist ein hoher Wert schlecht. Tragen Sie den Wert trotzdem so ein, wie "
                      "er ist – das Programm rechnet ihn um (10 − Wert). Im Programm lässt sich die Richtung jedes "
                      "Kriteriums ändern.\n"
                      "5. Lücken: Eine fehlende Bewertung ist keine Null. Lassen Sie die Zelle leer, wenn Sie es "
                      "nicht wissen. Der Kunde wird dann über die vorhandenen Kriterien bewertet und als "
                      "„unvollständig“ markiert. Tragen die vorhandenen Kriterien weniger als die Hälfte des "
                      "Gesamtgewichts, wird er als „nicht bewertbar“ aufgeführt.\n"
                      "6. Eigene Kriterien: Weitere Spalten mit Werten von 0 bis 10 rechts anfügen – das Programm "
                      "kann sie als zusätzliche Kriterien übernehmen.\n"
                      "7. Geldbeträge: Umsatz und Deckungsbeitrag in Euro pro Jahr als Zahl eintragen (ohne „€“ als "
                      "Text). Aus dem Deckungsbeitrag in € schlägt das Programm den Wert „Euro je Punkt“ vor und "
                      "berechnet auf Wunsch den Kundenlebenswert.\n"
                      "8. Weiterempfehlung: ganze Zahl von 0 bis 10 auf die Frage „Wie wahrscheinlich ist es, dass "
                      "Sie uns weiterempfehlen?“. Daraus entsteht der Net Promoter Score (0–6 Kritiker, 7–8 Passive, "
                      "9–10 Promotoren).\n"
                      "9. Zufriedenheit und Wiederkauf: „ja“ oder „nein“ (auch j/n, x/leer oder 1/0 werden erkannt). "
                      "Daraus entsteht die After-Sales-Matrix: die Wiederkaufquote je Kombination, verglichen mit der "
                      "Studie eines Premium-Autoherstellers (93 %, 45 %, 14 %, 3 %).\n"
                      "10. Status: „Neukunde“ oder „Bestandskunde“ – nur für den Vergleich, beide werden gleich "
                      "bewertet.\n"
                      "11. Keine Zeile geht stillschweigend verloren: Jede Zeile, die das Programm nicht verwenden "
                      "kann, wird mit ihrer Zeilennummer und dem Grund aufgeführt. Summenzeilen sind nicht nötig.\n"
                      "12. Speichern Sie als Excel-Datei (.xlsx). Gelesen werden auch .csv (z. B. aus deutschem Excel "
                      "mit Semikolon) und .ods.",
    # the app
    "ui.language": "Sprache",
    # charts (plotly placeholders such as %{x:.1f} stay as they are)
    "chart.class": "Klasse {klass}",
    "chart.threshold": "Schwelle {klass}: {value}",
    "chart.of.value_eur": "des Kundenwerts",
    "chart.of.revenue": "des Umsatzes",
    "chart.of.margin": "des Deckungsbeitrags",
    "chart.lorenz.title": "Pareto-Kurve: Anteil am {basis}, den die besten Kunden halten",
    "chart.lorenz.x": "Anteil der Kunden (%, nach {basis} absteigend)",
    "chart.lorenz.y": "Kumulierter Anteil am {basis} (%)",
    "chart.lorenz.empty": "Keine Werte für „{basis}“ vorhanden.",
    "chart.lorenz.cumulated": "{basis} kumuliert",
    "chart.lorenz.hover": "Top %{x:.1f} % der Kunden halten %{y:.1f} % {of}",
    "chart.lorenz.class_share": "{name}: {customers} der Kunden,<br>{share} {of}",
    "chart.lorenz.class_hover": "Klasse {klass}<br>Top %{x:.1f} % der Kunden: %{y:.1f} % {of}",
    "chart.lorenz.even": "Gleichverteilung",
    "chart.lorenz.not_contiguous": "Klassen folgen hier nicht der Reihenfolge der Kurve (Klassen nach Score, Kurve "
                                   "nach {basis}).",
    "chart.hist.title": "Verteilung der Scores ({n} bewertete Kunden)",
    "chart.hist.x": "Score (0–10 Punkte)",
    "chart.hist.y": "Anzahl Kunden",
    "chart.hist.hover": "Klasse {klass}<br>Score %{customdata[0]:.2f}–%{customdata[1]:.2f}: %{y:,} Kunden",
    # order lists (order history)
    'finding.orders_margin_missing': 'Spalte {column}: {count} {count|Auftragszeile|Auftragszeilen} ohne Deckungsbeitrag ({count|Zeile|Zeilen} {rows}) – Umsatz verwendet, der Deckungsbeitrag dieser Zeilen fehlt in den Summen.',
    'finding.orders_total_row': 'Zeile {row} ist eine Summenzeile und wird nicht als Auftrag gezählt.',
    'finding.orders_credit_notes': '{count} {count|Gutschrift|Gutschriften} (negativer Umsatz, zusammen {total} €) mit den Aufträgen des Kunden verrechnet.',
    'finding.orders_unknown_customers': '{count} {count|Kunden-Nr.|Kunden-Nrn.} aus der Auftragsliste {count|steht|stehen} nicht in der Kundenliste ({ids}; {lines} {lines|Zeile|Zeilen}) – aufgeführt, nicht zugeordnet.',
    'finding.orders_customers_without': '{count} {count|Kunde|Kunden} der Liste {count|hat|haben} im Zeitraum keinen Auftrag ({ids}).',
    'reason.not_a_date': '„{text}“ ist kein Datum',
    'reason.date_implausible': 'Datum „{text}“ liegt außerhalb 1900–2100',
    'html.old_browser': 'Die Diagramme brauchen einen aktuellen Browser (Chrome, Edge, Firefox oder Safari ab 2023).',
    # refused files (ingest.safety); {name} is the file name
    "safety.resave": "Bitte in Excel oder LibreOffice öffnen, als .xlsx neu speichern und erneut hochladen.",
    "safety.more_than": "mehr als {amount}",
    "safety.at_least": "mindestens ",
    "safety.instead": ", sondern {what}",
    "safety.no_name": "ohne Namen",
    "safety.bytes": "Byte",
    "safety.billion": "Milliarde|Milliarden",
    "safety.million": "Million|Millionen",
    "safety.empty": "Die Datei „{name}“ ist leer (0 Byte). Bitte die richtige Datei auswählen.",
    "safety.too_large": "Die Datei „{name}“ ist {size} groß; erlaubt sind höchstens {limit}. Bitte nur die "
                        "Kundenliste in einer eigenen Datei speichern.",
    "safety.encrypted": "Die Datei „{name}“ ist mit einem Passwort geschützt. Bitte ohne Passwort speichern ({how}) "
                        "und erneut hochladen.",
    "safety.encrypted.libreoffice": "in LibreOffice: Datei › Speichern unter, „Mit Kennwort speichern“ abwählen",
    "safety.encrypted.excel": "in Excel: Datei › Informationen › Arbeitsmappe schützen › Mit Kennwort "
                              "verschlüsseln, Kennwort löschen",
    "safety.xls": "Die Datei „{name}“ ist im alten Excel-Format (.xls). Bitte in Excel als .xlsx speichern und "
                  "erneut hochladen.",
    "safety.xlsb": "Die Datei „{name}“ ist im Excel-Binärformat (.xlsb). Bitte in Excel als .xlsx speichern und "
                   "erneut hochladen.",
    "safety.corrupt": "Die Datei „{name}“ ist beschädigt oder unvollständig und kann nicht gelesen werden. Bitte die "
                      "Originaldatei erneut speichern und hochladen.",
    "safety.no_spreadsheet": "Die Datei „{name}“ ist keine Excel-, ODS- oder CSV-Datei{what}. Bitte eine Kundenliste "
                             "als .xlsx, .ods oder .csv hochladen.",
    "safety.text_not_excel": "Die Datei „{name}“ ist keine echte {fmt}-Datei, sondern {what}. {resave}",
    "safety.bomb": "Die Datei „{name}“ wäre entpackt größer als {limit} – sie wird aus Sicherheitsgründen nicht "
                   "geöffnet. Bitte nur die Kundenliste in einer neuen Datei speichern.",
    "safety.doctype": "Die Datei „{name}“ enthält XML-Anweisungen (DOCTYPE/ENTITY), die in echten Tabellendateien "
                      "nicht vorkommen – sie wird aus Sicherheitsgründen nicht geöffnet. {resave}",
    "safety.too_many_cells": "Das Blatt „{sheet}“ in „{name}“ reicht {at_least}bis Zelle {ref} ({at_least}{cells} "
                             "Zellen; verarbeitet werden höchstens {limit}, Zeilen × Spalten). Liegen dort leere "
                             "Zeilen oder Spalten mit Formaten: in Excel unterhalb bzw. rechts der Liste löschen und "
                             "neu speichern. Ist die Liste wirklich so groß: nur die benötigten Spalten behalten oder "
                             "sie auf mehrere Dateien aufteilen.",
    "safety.too_many_cell_tags": "Die Datei „{name}“ enthält mehr als {limit} Tabellenzellen und wird nicht "
                                 "geöffnet. Bitte nur die Kundenliste in eine neue Datei kopieren und speichern.",
    "safety.unusual": "Die Datei „{name}“ ist ungewöhnlich aufgebaut und kann nicht sicher gelesen werden. {resave}",
    "safety.beyond_excel": "Das Blatt „{sheet}“ in „{name}“ hat eine Zelle in {ref} – {where}. Solche Dateien "
                           "schreibt Excel nicht. {resave}",
    "safety.beyond_rows": "jenseits der letzten Excel-Zeile {last}",
    "safety.beyond_columns": "jenseits der letzten Excel-Spalte XFD ({last} Spalten)",
    "safety.workbook_cells": "Die Arbeitsmappe „{name}“ hat in {sheets} Blättern zusammen {cells} Zellen; "
                             "verarbeitet werden höchstens {limit}. Bitte nicht benötigte Blätter löschen oder nur "
                             "die Kundenliste in eine neue Datei kopieren und neu speichern.",
    "safety.shared_strings_count": "Die Datei „{name}“ enthält {at_least}{count} Texteinträge; verarbeitet werden "
                                   "höchstens {limit}. {resave}",
    "safety.shared_strings_bytes": "Die Texte in „{name}“ sind entpackt {size}; verarbeitet werden höchstens "
                                   "{limit}. Bitte nur die Kundenliste in eine neue Datei kopieren.",
    "safety.size_larger": "größer als {limit}",
    "safety.size_is": "{size} groß",
    "safety.shared_string_size": "Die Datei „{name}“ enthält einen einzelnen Text {size} (eine Excel-Zelle fasst "
                                 "höchstens {chars} Zeichen). {resave}",
    "safety.text_more_than": "von mehr als {limit}",
    "safety.text_of": "von {size}; erlaubt sind höchstens {limit}",
    "safety.csv_columns": "Zeile {line} von „{name}“ hat {columns} Spalten; Excel erlaubt höchstens {limit}. Bitte "
                          "das Trennzeichen und diese Zeile prüfen.",
    "safety.csv_rows": "Die Datei „{name}“ hat mehr als {limit} Zeilen, so viele wie ein Excel-Blatt höchstens fasst. "
                       "Bitte die Liste aufteilen.",
    "safety.csv_cells": "Die Datei „{name}“ hat mehr als {limit} Zellen (bis Zeile {line}); verarbeitet werden "
                        "höchstens {limit}. Bitte nur die benötigten Spalten und Zeilen speichern.",
    "safety.csv_field": "Zeile {line}{column} von „{name}“ enthält einen Wert mit {more}{chars} Zeichen; eine "
                        "Excel-Zelle fasst höchstens {limit}. Bitte diese Zeile prüfen (oft fehlt ein schließendes "
                        "Anführungszeichen).",
    "safety.csv_field_column": ", Spalte {column}",
    "safety.more_than_word": "mehr als ",
    "safety.csv_line": "Zeile {line} von „{name}“ ist {chars} Zeichen lang; verarbeitet werden höchstens {limit} "
                       "Zeichen je Zeile. Bitte diese Zeile prüfen.",
    "safety.csv_null": "Zeile {line} von „{name}“ enthält ein Nullzeichen und ist damit kein CSV-Text. Bitte die "
                       "Liste in Excel öffnen und als „CSV UTF-8“ neu speichern.",
    "safety.encoding": "Die Datei „{name}“ ist Text in einer unbekannten Zeichenkodierung (weder UTF-8, UTF-16, "
                       "Windows-1252 noch DOS-Codepage 850). Bitte in Excel als „CSV UTF-8“ speichern und erneut "
                       "hochladen.",
    "safety.timeout": "Das Lesen von „{name}“ hat länger als {seconds} {seconds|Sekunde|Sekunden} gedauert und wurde "
                      "abgebrochen. Bitte nur die Kundenliste in eine neue Datei kopieren und erneut hochladen.",
    "safety.memory": "Die Datei „{name}“ bräuchte zum Lesen mehr als {limit} Arbeitsspeicher und wurde nicht "
                     "geöffnet. Bitte nur die Kundenliste in eine neue Datei kopieren und erneut hochladen.",
    "safety.crashed": "Beim Lesen von „{name}“ ist das Lesemodul abgestürzt; die Datei wurde nicht geöffnet (die App "
                      "läuft weiter). {resave}",
    "safety.busy": "Die Datei „{name}“ wurde nicht gelesen, weil gerade zu viele Dateien gleichzeitig gelesen werden. "
                   "Bitte in einer Minute erneut versuchen.",
    "safety.worker_failed": "Die Datei „{name}“ konnte nicht gelesen werden, weil das Lesemodul nicht gestartet "
                            "werden konnte. Bitte in einer Minute erneut versuchen.",
    "safety.not_regular": "„{name}“ ist keine gewöhnliche Datei, sondern {what}. Bitte den Pfad zu einer .xlsx-, "
                          ".ods- oder .csv-Datei angeben.",
    "safety.os_error": "Die Datei „{name}“ kann nicht gelesen werden: {reason}.",
    "safety.what.other": "etwas anderes",
    "safety.what.read_error": "Lesefehler",
    "safety.what.text": "Text",
    "safety.what.pdf": "ein PDF-Dokument",
    "safety.what.png": "ein PNG-Bild",
    "safety.what.jpeg": "ein JPEG-Bild",
    "safety.what.gif": "ein GIF-Bild",
    "safety.what.rtf": "ein RTF-Dokument",
    "safety.what.exe": "ein Windows-Programm",
    "safety.what.elf": "ein Programm",
    "safety.what.gzip": "ein gzip-Archiv",
    "safety.what.rar": "ein RAR-Archiv",
    "safety.what.7z": "ein 7-Zip-Archiv",
    "safety.what.bzip2": "ein bzip2-Archiv",
    "safety.what.doc": "ein altes Word-Dokument (.doc)",
    "safety.what.ppt": "eine alte PowerPoint-Präsentation (.ppt)",
    "safety.what.ole": "ein anderes altes Office-Dokument",
    "safety.what.xml2003": "eine Tabelle im XML-Format von Excel 2003",
    "safety.what.html": "eine Webseite (HTML)",
    "safety.what.xml": "eine XML-Datei",
    "safety.what.no_columns": "Text ohne erkennbare Spalten",
    "safety.what.text_document": "ein Textdokument",
    "safety.what.presentation": "eine Präsentation",
    "safety.what.zip": "ein ZIP-Archiv",
    "safety.what.folder": "ein Ordner",
    "safety.what.device": "ein Gerät",
    "safety.what.fifo": "eine Pipe (FIFO)",
    "safety.what.socket": "ein Socket",
    # command line: help texts and argument errors
    "cli.help.description": "Kundenwert: Kundenlisten bewerten.",
    "cli.help.score": "Kunden bewerten, klassifizieren und ranken",
    "cli.help.scenario": "Szenario als JSON-Datei",
    "cli.help.out": "Ergebnis als .xlsx oder .csv schreiben",
    "cli.help.csv_style": "CSV: deutsch (;) oder international (,)",
    "cli.help.min_order": "Mindestumsatz je Auftrag in € für den Hinweis „unter Mindestumsatz“ (Standard: aus der "
                          "Liste, wie in der App)",
    "cli.help.satisfied_score": "0–10-Zufriedenheit ab diesem Wert gilt als zufrieden (Matrix im Excel-Bericht)",
    "cli.help.matrix": "After-Sales-Matrix",
    "cli.help.satisfied": "0–10-Bewertungen ab diesem Wert gelten als zufrieden",
    "cli.help.validate": "Datei prüfen",
    "cli.help.validate_scenario": "Szenario als JSON-Datei (für „bewertet“/„nicht bewertbar“)",
    "cli.help.lang": "Sprache der Textausgabe und der Exportdateien (Standard: ${env}, sonst de)",
    "cli.arg.number": "„{value}“ – erwartet wird eine Zahl von {low} bis {high}",
    "cli.arg.amount": "„{value}“ – erwartet wird ein Betrag in € ab 0",
    # the presets' names
    "preset.balanced": "Ausgewogen",
    "preset.profit": "Gewinn zuerst",
    "preset.loyalty": "Treue & Empfehlung",
    "preset.risk": "Risiko",
    "chart.bubble.loss": " (Verlust)",
    "chart.bubble.hover": "<b>%{customdata[0]}</b> (Nr. %{customdata[1]})<br>Klasse {klass}<br>Score %{x:.1f}<br>{basis} "
                          "%{customdata[2]}",
    "chart.bubble.hover_margin": "<br>Deckungsbeitrag %{customdata[3]}",
    "chart.bubble.size": "Blasengröße = Deckungsbeitrag (€); offene Kreise = negativer Deckungsbeitrag",
    "chart.bubble.sample": "Stichprobe: {shown} von {total} Kunden, die Top {top} nach Score und {basis} immer enthalten",
    "chart.bubble.title": "Score und {basis} je Kunde",
    "chart.bubble.y": "{basis} (€)",
    "chart.bubble.y_log": "{basis} (€, logarithmische Skala)",
    "chart.matrix.title_own": "After-Sales-Matrix: Wiederkaufrate nach Zufriedenheit mit Kauf und Service",
    "chart.matrix.title_study": "After-Sales-Matrix der Studie eines deutschen Premium-Autoherstellers",
    "chart.matrix.sub_study": "Wiederkaufrate beim selben Händler laut Studie – nicht Ihre Daten",
    "chart.matrix.x": "Zufriedenheit mit After-Sales (Service)",
    "chart.matrix.y": "Zufriedenheit mit dem Kauf",
    'safety.csv_not_excel': 'Die Datei „{name}“ ist keine {fmt}-Datei ({ext}) – sie enthält Text, keine Arbeitsmappe. Ist es eine Liste mit Trennzeichen (CSV), bitte als .csv speichern (oder die Endung in .csv ändern) und erneut hochladen.',
    'chart.matrix.x_no': 'Service:<br>nicht zufrieden',
    'chart.matrix.x_yes': 'Service:<br>zufrieden',
    'chart.matrix.y_yes': 'Kauf:<br>zufrieden',
    'chart.matrix.y_no': 'Kauf: nicht<br>zufrieden',
    'chart.matrix.hover': '%{y} · %{x}<br>Wiederkaufrate %{z:.0f} %<br>%{customdata}',
    'chart.matrix.empty': 'keine<br>Kunden',
    'chart.matrix.cell': '<b>{rate}</b><br>{repurchasers} von {customers}',
    'chart.matrix.few': '<br><i>wenige</i>',
    'chart.matrix.study': '<br>Studie {rate}',
    'chart.matrix.study_cell': '<b>{rate}</b><br>(Studie)',
    'chart.matrix.sub_own': 'Ihre Daten: {n} Kunden mit allen drei Angaben; je Feld: Wiederkaufrate, Wiederkäufer von Kunden, Rate der Studie',
    'chart.matrix.hover_cell': '{repurchasers} von {customers} Kunden, 95 %-Intervall {low}–{high}<br>Studie: {study}',
    'chart.matrix.hover_study': 'Studie: {study}',
    # engine messages (H10)
    "reader.corrupt_file": "Die Datei „{name}“ ist beschädigt und kann nicht gelesen werden. Bitte die Originaldatei "
                           "erneut speichern und hochladen.",
    "reader.corrupt_sheet": "Das Blatt „{sheet}“ in „{name}“ ist beschädigt und kann nicht gelesen werden. Bitte die "
                            "Originaldatei erneut speichern und hochladen.",
    "reader.no_such_sheet": "Das Blatt „{sheet}“ gibt es in „{name}“ nicht. Vorhanden: {sheets}.",
    "reader.no_sheet": "Die Arbeitsmappe „{name}“ enthält kein Tabellenblatt.",
    "reader.empty_workbook": "Die Arbeitsmappe „{name}“ ist leer: kein Blatt enthält Daten.",
    "reader.hidden_sheet": "Blatt „{sheet}“ ist ausgeblendet; es wurde gelesen, weil kein sichtbares Blatt Daten enthält.",
    "reader.other_sheets": "Blatt „{sheet}“ gelesen; weitere Blätter nicht verwendet: {others}.",
    "reader.csv_sheet": "CSV-Dateien haben keine Blätter; die Angabe des Blatts wurde übergangen.",
    "reader.where_sheet": "Blatt „{sheet}“ von „{name}“",
    "reader.where_file": "„{name}“",
    "reader.header_too_deep": "In den ersten {limit} Zeilen von {where} steht keine Kopfzeile; erkennbare Spaltennamen "
                              "stehen erst in Zeile {row}. Bitte die Zeilen darüber löschen (die Kopfzeile wird in den "
                              "ersten {limit} Zeilen gesucht) und die Datei erneut hochladen.",
    "reader.header_guessed": "In den ersten {limit} Zeilen wurden keine bekannten Spaltennamen gefunden; Zeile {row} wird "
                             "als Kopfzeile verwendet.",
    "reader.no_header": "In den ersten {limit} Zeilen von {where} wurde keine Kopfzeile mit erkennbaren Spalten gefunden "
                        "(erwartet z. B. „Kunden-Nr.“, „Kunde“, „Bonität (0-10)“).",
    "reader.header_found": "Kopfzeile in Zeile {row} gefunden; die Zeilen darüber (Titel o. Ä.) gehören nicht zu den "
                           "Daten.",
    "csv.foreign_lines": "Die Datei ist in UTF-8 gespeichert, {n|Zeile|Zeilen} {lines}{more} aber nicht: diese wurden "
                         "als {encoding} gelesen. Bitte die Umlaute dort prüfen.",
    "csv.more_lines": " und {n} weiteren",
    "csv.read_as": "Die Datei wurde als {encoding} gelesen.",
    "os.read.ENOENT": "die Datei gibt es nicht (bitte den Pfad prüfen)",
    "os.read.EACCES": "keine Leseberechtigung",
    "os.read.EISDIR": "das ist ein Ordner",
    "os.read.ENOTDIR": "ein Teil des Pfads ist kein Ordner",
    "os.read.ENAMETOOLONG": "der Pfad ist zu lang",
    "os.read.ELOOP": "zu viele verkettete Verknüpfungen im Pfad",
    "os.read.EIO": "Lesefehler des Datenträgers",
    "os.read.ENXIO": "das Gerät ist nicht erreichbar",
    "os.read.EAGAIN": "die Datei ist gerade nicht lesbar",
    "os.read.other": "Fehler des Betriebssystems (Nummer {number})",
    "orders.arg.date": "„{value}“ – erwartet wird ein Datum wie 2025-12-31 oder 31.12.2025",
    "orders.arg.months": "„{value}“ – erwartet wird eine Zahl von Monaten von 1 bis {high}",
    "orders.help.period_end": "letzter Tag des Zeitraums (Standard: neuester Auftrag der Datei)",
    "orders.help.months": "Länge des Zeitraums in Monaten",
    "orders.help.orders": "Auftragsliste (.xlsx/.csv): Kaufhistorie und Deckungsbeitrag daraus",
    "orders.help.from_orders": "own: Bewertung der Liste, derived: aus Aufträgen, fill: aus Aufträgen, wo die Liste "
                               "keine hat",
    "orders.help.command": "Auftragsliste auswerten: Kennzahlen je Kunde, Bewertungen, XYZ",
    "orders.help.list": "Kundenliste: Aufträge den Kunden zuordnen",
    "orders.choice.own": "eigene Bewertung der Liste",
    "orders.choice.derived": "aus Aufträgen berechnet",
    "orders.choice.fill": "aus Aufträgen, wo die Liste keine hat",
    "orders.choices": "Bewertungen aus Aufträgen: {choices}",
    "orders.head.file": "Auftragsliste: {file}, Kopfzeile {row}",
    "orders.head.period": "Zeitraum: {start} bis {end} ({months} {months|Monat|Monate})",
    "orders.head.rows": "Zeilen gelesen: {read} = verwendet {used} + abgelehnt {rejected} + übersprungen {skipped}",
    "orders.head.retention": "Bindungsrate aus Aufträgen: {rate} ({retained} von {buyers} {buyers|Käufer|Käufern} des "
                             "Vorzeitraums kauften wieder)",
    "orders.col.id": "Kunden-Nr.",
    "orders.col.revenue": "Umsatz",
    "orders.col.margin": "DB",
    "orders.col.orders": "Aufträge",
    "orders.col.days": "Tage",
    "orders.col.purchase_history": "Kaufhist.",
    "orders.col.margin_score": "DB-Bew.",
    "orders.col.xyz": "XYZ",
    "scenario.default_name": "Szenario",
    "scenario.not_object": "Szenario-Datei: erwartet wird ein JSON-Objekt.",
    "scenario.name_text": "Szenario-Datei: „name“ muss ein Text sein.",
    "scenario.weights_object": "Szenario-Datei: „weights“ muss ein Objekt {Kriterium: Gewicht} sein.",
    "scenario.name_too_long": "Szenario-Datei: „name“ ist zu lang ({length} Zeichen, höchstens {limit}).",
    "scenario.unknown_criterion": "Szenario-Datei: unbekanntes Kriterium „{key}“.",
    "scenario.bad_weight": "Szenario-Datei: Gewicht für „{key}“ muss eine Zahl von 0 bis 10 sein, nicht {value}.",
    "scenario.reversed_list": "Szenario-Datei: „reversed“ muss eine Liste von Kriterien sein.",
    "scenario.unknown_reversed": "Szenario-Datei: unbekanntes Kriterium „{key}“ in „reversed“.",
    "scenario.bad_method": "Szenario-Datei: „class_method“ muss eines von {choices} sein.",
    "scenario.thresholds_list": "Szenario-Datei: „thresholds“ muss eine Liste mit zwei Zahlen sein.",
    "scenario.bad_basis": "Szenario-Datei: „pareto_basis“ muss eines von {choices} sein.",
    "scenario.bad_euro_per_point": "Szenario-Datei: „euro_per_point“ muss eine Zahl von 0 bis 1 Billion oder null sein.",
    "scenario.bad_fraction": "Szenario-Datei: „{field}“ muss eine Zahl von 0 bis unter 1 sein.",
    "scenario.too_large": "Szenario-Datei ist zu groß (mehr als {kb} KB; erwartet wird eine kleine JSON-Datei).",
    "scenario.not_text": "Szenario-Datei ist keine Textdatei (erwartet wird JSON in UTF-8).",
    "scenario.too_deep": "Szenario-Datei ist zu tief verschachtelt ({depth} Ebenen; ein Szenario hat höchstens drei).",
    "scenario.bad_json_at": "Szenario-Datei ist kein gültiges JSON: Zeile {row}, Spalte {col}: {why}.",
    "scenario.bad_json": "Szenario-Datei ist kein gültiges JSON.",
    "scenario.constant": "Szenario-Datei: „{name}“ ist keine gültige Zahl in JSON.",
    "scenario.json.property": "erwartet wird ein Name in doppelten Anführungszeichen",
    "scenario.json.value": "erwartet wird ein Wert",
    "scenario.json.colon": "erwartet wird ein Doppelpunkt",
    "scenario.json.comma": "erwartet wird ein Komma",
    "scenario.json.extra": "nach dem Ende des JSON-Objekts folgt weiterer Text",
    "scenario.json.unterminated": "ein Text in Anführungszeichen wird nicht geschlossen",
    "scenario.json.control": "unerlaubtes Steuerzeichen in einem Text",
    "scenario.json.escape": "ungültige Escape-Sequenz (\\)",
    "scenario.json.escape_u": "ungültige Escape-Sequenz (\\u)",
    "scenario.json.syntax": "Syntaxfehler",
    "scenario.thresholds.score": "Score-Schwellen: es muss 0 ≤ B-Schwelle ({b}) ≤ A-Schwelle ({a}) ≤ 10 gelten.",
    "scenario.thresholds.pareto": "Pareto-Schwellen: es muss 0 < A ({a} %) ≤ B ({b} %) ≤ 100 gelten.",
    "scenario.thresholds.rank": "Rang-Anteile: A ({a} %) und B ({b} %) müssen zusammen höchstens 100 % sein.",
    "scenario.prefix": "Szenario-Datei",
    "scenario.label": "Szenario-Datei „{name}“",
    "scenario.unreadable": "{label} kann nicht gelesen werden: {reason}.",
    "scenario.not_regular": "{label} ist keine normale Datei (z. B. ein Ordner oder ein Gerät).",
    "scenarios.arg.version": "„{value}“ – erwartet wird eine Versionsnummer ab 1",
    "scenarios.help.db": "Datenbank: Pfad einer SQLite-Datei oder SQLAlchemy-URL (Standard: $KUNDENWERT_DB, sonst "
                         "data/kundenwert.db)",
    "scenarios.help.command": "Szenario-Bibliothek (Datenbank)",
    "scenarios.help.action": "AKTION",
    "scenarios.help.name_or_id": "NAME_ODER_ID",
    "scenarios.help.file": "DATEI.json",
    "scenarios.help.list": "gespeicherte Szenarien",
    "scenarios.help.archived": "auch archivierte zeigen",
    "scenarios.help.show": "ein Szenario mit seinen Versionen",
    "scenarios.help.save": "Szenario-Datei speichern (neue Version)",
    "scenarios.help.import": "Szenario-Datei oder Sicherung (export --all) einlesen",
    "scenarios.help.name": "unter diesem Namen speichern (Standard: Name in der Datei)",
    "scenarios.help.export": "Szenario als JSON (für score --scenario) oder alles",
    "scenarios.help.all": "Sicherung: alle Szenarien mit allen Versionen",
    "scenarios.help.archive": "Szenario archivieren (nichts wird gelöscht)",
    "scenarios.help.restore": "aus dem Archiv zurückholen; mit --version: alte Version als neueste speichern",
    "scenarios.when": "{date} {time} UTC",
    "scenarios.out_folder": "--out: „{path}“ ist ein Ordner – bitte einen Dateinamen angeben.",
    "scenarios.written": "Geschrieben: {path}",
    "scenarios.empty_archived": "Die Bibliothek ist leer.",
    "scenarios.empty": "Keine Szenarien in der Bibliothek (archivierte zeigt --archived).",
    "scenarios.archived": "archiviert",
    "scenarios.col.id": "ID",
    "scenarios.col.name": "Name",
    "scenarios.col.version": "Version",
    "scenarios.col.author": "Autor",
    "scenarios.col.saved": "Gespeichert",
    "scenarios.col.note": "Notiz",
    "scenarios.col.status": "Status",
    "scenarios.count": "{n} {n|Szenario|Szenarien}",
    "scenarios.show.head": "Szenario „{name}“ (ID {id}), Version {version} von {versions}",
    "scenarios.show.archived": " – archiviert",
    "scenarios.show.saved": "Gespeichert: {when} von {author}",
    "scenarios.show.note": "Notiz: {note}",
    "scenarios.show.weights": "Gewichte:",
    "scenarios.show.reversed": " (hoch = schlecht)",
    "scenarios.show.classes": "Klassen: {method} (A {a}, B {b})",
    "scenarios.show.versions": "Versionen:",
    "scenarios.saved": "Gespeichert: „{name}“ Version {version} (ID {id}).",
    "scenarios.backup_too_large": "{label} ist zu groß (mehr als {mb} MB).",
    "scenarios.name_with_backup": "--name passt nicht zu einer Sicherung mit mehreren Szenarien.",
    "scenarios.imported_backup": "Eingelesen: {n} {n|Version|Versionen} aus {label}.",
    "scenarios.imported": "Eingelesen: „{name}“ Version {version} (ID {id}).",
    "scenarios.all_with_name": "--all exportiert alle Szenarien – bitte ohne Namen und --version.",
    "scenarios.export_what": "export: bitte Name oder ID eines Szenarios angeben (oder --all).",
    "scenarios.archived_done": "Archiviert: „{name}“ (zurückholen: scenarios restore {id}).",
    "scenarios.restored": "Aus dem Archiv zurück: „{name}“.",
    "scenarios.restore_author": "restore --version speichert eine neue Version – bitte --author angeben.",
    "scenarios.restored_version": "Version {old} von „{name}“ als Version {version} gespeichert.",
    "store.field.name": "Name",
    "store.field.author": "Autor",
    "store.field.note": "Notiz",
    "store.not_text": "{what} muss ein Text sein.",
    "store.missing": "{what} fehlt – bitte angeben.",
    "store.too_long": "{what} ist zu lang ({length} Zeichen, höchstens {limit}).",
    "store.corrupt": "Gespeichertes Szenario ist beschädigt: {reason}",
    "store.restored_note": "Wiederhergestellt aus Version {version}",
    "store.unknown": "Szenario „{name}“ gibt es nicht in der Bibliothek.",
    "store.no_version": "Szenario „{name}“ hat keine Version {version}.",
    "store.db.read_only": "Die Datenbank „{where}“ ist schreibgeschützt – Speichern ist nicht möglich.",
    "store.db.cannot_open": "Die Datenbank „{where}“ lässt sich nicht öffnen (Datei oder Ordner fehlt oder keine "
                            "Berechtigung).",
    "store.db.not_a_database": "Die Datei „{where}“ ist keine gültige Datenbank.",
    "store.db.locked": "Die Datenbank „{where}“ ist gerade gesperrt – bitte gleich noch einmal versuchen.",
    "store.db.login": "Die Anmeldung an der Datenbank „{where}“ ist fehlgeschlagen (Benutzer oder Passwort).",
    "store.db.no_database": "Die Datenbank „{where}“ gibt es auf dem Server nicht.",
    "store.db.unreachable": "Die Datenbank „{where}“ ist nicht erreichbar (Server, Host oder Port prüfen).",
    "store.db.other": "Die Datenbank „{where}“ meldet einen Fehler ({kind}).",
    "store.bad_url": "Ungültige Datenbank-Adresse (erwartet: ein Dateipfad oder eine SQLAlchemy-URL wie "
                     "postgresql+psycopg://benutzer@host:5432/datenbank).",
    "store.unsupported": "Datenbank-Adresse „{url}“: dieser Datenbanktyp wird nicht unterstützt (möglich: SQLite-Datei, "
                         "PostgreSQL).",
    "store.newer_schema": "Die Datenbank „{where}“ stammt von einer neueren Kundenwert-Version (Schema {current}, diese "
                          "Version kennt bis {known}) – bitte Kundenwert aktualisieren.",
    "store.foreign_table": "Die Datenbank „{where}“ enthält eine Tabelle „scenarios“ ohne Versionsangabe – sie gehört "
                           "nicht zu Kundenwert.",
    "store.overloaded": "Die Datenbank „{where}“ ist überlastet – das Szenario „{name}“ konnte nach {tries} Versuchen "
                        "nicht gespeichert werden.",
    "store.session_only": "Szenario-Bibliothek: {reason} – Szenarien werden nur in dieser Sitzung gespeichert.",
    "store.backup.scenarios_list": "Sicherungsdatei: „scenarios“ muss eine Liste sein.",
    "store.backup.versions_list": "Sicherungsdatei: Eintrag {item} hat keine Liste „versions“.",
    "store.backup.where": "Sicherungsdatei: Szenario {item}, Version {version}",
    "store.backup.not_object": "{where}: erwartet wird ein Objekt.",
    "store.backup.scenario": "{where}: {reason}",
    "store.backup.created_at": "{where}: „created_at“ ist kein Zeitpunkt.",
}
