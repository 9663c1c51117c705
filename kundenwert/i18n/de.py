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
    # report: nouns ("one|many")
    "noun.customer": "Kunde|Kunden",
    "noun.row": "Zeile|Zeilen",
    "noun.criterion": "Kriterium|Kriterien",
    "noun.order": "Auftrag|Aufträge",
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
}
