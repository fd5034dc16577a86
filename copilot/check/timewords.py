"""The pt-BR vocabulary of dates, times and durations, as the patterns :mod:`copilot.check.temporal` reads.

Everything here is generic Portuguese: month and weekday names, number words,
units, and the systematic shapes a promise of time takes — a point ("dia 15",
"às 15h", "amanhã cedo"), a relative unit ("o próximo dia útil", "nas
próximas 48h", "daqui a 2 dias"), a part of a period ("início de dezembro",
"meados do mês", "fim da semana que vem") and a limit ("até", "no mais
tardar", "no máximo"). Patterns are searched in the folded draft (lower case,
no accents); the first pattern that claims a stretch of text keeps it.
"""

from __future__ import annotations

import re

MONTHS = {"janeiro": 1, "fevereiro": 2, "marco": 3, "abril": 4, "maio": 5, "junho": 6, "julho": 7, "agosto": 8,
          "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12}
WEEKDAYS = {"segunda": 0, "terca": 1, "quarta": 2, "quinta": 3, "sexta": 4, "sabado": 5, "domingo": 6}
NUMBER_WORDS = {"um": 1, "uma": 1, "dois": 2, "duas": 2, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7,
                "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "treze": 13, "catorze": 14, "quatorze": 14,
                "quinze": 15, "dezesseis": 16, "dezessete": 17, "dezoito": 18, "dezenove": 19, "vinte": 20,
                "trinta": 30, "quarenta": 40, "cinquenta": 50, "sessenta": 60, "setenta": 70, "noventa": 90,
                "meia": 0.5, "meio": 0.5, "poucos": 3, "poucas": 3, "alguns": 3, "algumas": 3}
ORDINALS = ("primeiro|segundo|terceiro|quarto|quinto|sexto|setimo|oitavo|nono|decimo|\\d{1,2}o|\\d{1,2}º")
# Nouns after "segunda", "quarta"… that make them ordinals, not weekdays ("segunda via").
ORDINAL_NOUNS = frozenset(
    "via vias vez vezes opcao opcoes tentativa etapa parte fase parcela parcelas pagina linha coluna nota notas "
    "versao alternativa instancia camada guia aba tela forma maneira hipotese ordem pergunta questao duvida "
    "mensagem solicitacao chamada ligacao reuniao visita casa posicao nivel classe categoria empresa filial "
    "conta fatura boleto boletos cobranca emissao tela etapas turma edicao rodada geracao feira".split()
)
# A part of a period and the share of it that it names (start, end as fractions of the period).
PARTS = {"inicio": (0.0, 1 / 3), "comeco": (0.0, 1 / 3), "primeiros dias": (0.0, 1 / 3),
         "primeira semana": (0.0, 0.25), "primeira quinzena": (0.0, 0.5), "meio": (1 / 3, 2 / 3),
         "meados": (1 / 3, 2 / 3), "segunda quinzena": (0.5, 1.0), "final": (2 / 3, 1.0), "fim": (2 / 3, 1.0),
         "finalzinho": (2 / 3, 1.0), "ultimos dias": (2 / 3, 1.0), "ultima semana": (0.75, 1.0),
         "encerramento": (2 / 3, 1.0), "termino": (2 / 3, 1.0)}
# "às três da tarde": the hours a part of the day adds.
DAY_PARTS = {"da manha": 0, "da madrugada": 0, "da tarde": 12, "da noite": 12}

_NUM_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
NUM = rf"(?:\d{{1,3}}(?:[.,]\d)?|(?:{_NUM_WORD})(?:\s+e\s+(?:{_NUM_WORD}))?)"
_MONTH = "|".join(MONTHS)
_WEEKDAY = "segunda|terca|quarta|quinta|sexta"
_UNIT = r"minutos?|min|horas?|hrs?|hs|h|dias?|semanas?|quinzenas?|meses|mes"
_MOD = r"uteis|util|corridos|corridas|comerciais|comercial"
_PART = "|".join(sorted(PARTS, key=len, reverse=True))
_LIMIT = r"ate|no mais tardar|ate no maximo|no maximo|antes de|antes da|antes do"
_DAY_SUFFIX = (r"ainda|mesmo|cedo|logo cedo|bem cedo|de manha|pela manha|a tarde|de tarde|pela tarde|a noite|de noite"
               r"|pela noite|no periodo da (?:manha|tarde|noite)|na parte da (?:manha|tarde|noite)"
               r"|no (?:inicio|comeco|fim|final) da (?:manha|tarde|noite)|no (?:fim|final) do dia|ao longo do dia"
               r"|durante o dia|no primeiro horario|a primeira hora")
_REL_PERIOD = (r"proxima semana|semana que vem|proximo mes|mes que vem|proximo ano|ano que vem|proximos dias"
               r"|proximas semanas|proximas horas")

_P = re.compile
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("past", _P(r"\b(?:ontem|anteontem|antes de ontem|(?:na |no |a |o )?(?:semana|mes|ano) passad[oa]"
                r"|(?:na|no|a|o|nesta|neste) (?:ultima|ultimo) (?:semana|mes|ano|segunda|terca|quarta|quinta|sexta"
                r"|sabado|domingo)(?:-feira)?|(?:na|no) (?:segunda|terca|quarta|quinta|sexta|sabado|domingo)(?:-feira)?"
                rf" passad[oa]|ha (?:mais de |cerca de |uns |umas )?{NUM} (?:{_UNIT})\b|{NUM} (?:{_UNIT}) atras"
                r"|(?:segunda|terca|quarta|quinta|sexta|sabado|domingo)(?:-feira)? passad[oa]|desde (?:o dia |a |o )?\S+)")),
    ("iso", _P(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("longdate", _P(rf"\b(?:dia\s+)?(\d{{1,2}}|primeiro)(?:o|º)?\s+de\s+({_MONTH})(?:\s+(?:de\s+)?(\d{{4}}))?\b")),
    ("numdate", _P(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")),
    ("between", _P(r"\bentre\s+(?:as\s+)?(?P<h1>\d{1,2})(?:h(?P<m1>\d{2})?|:(?P<m2>\d{2}))\s*(?:e|a)\s+(?:as\s+)?"
                   r"(?P<h2>\d{1,2})(?:h(?P<m3>\d{2})?|:(?P<m4>\d{2}))(?![\w/])")),
    ("generic", _P(rf"\b(?:das?|de|entre)\s+\d{{1,2}}(?:h\d{{0,2}}|:\d{{2}})?\s*(?:as|a|ate|e)\s+\d{{1,2}}"
                   rf"(?:h\d{{0,2}}|:\d{{2}}|\s*horas)(?:\s+(?:{_MOD}))?"
                   rf"|\b\d{{1,2}}\s*h\s*(?:a|as|e)\s*\d{{1,3}}\s*h(?:oras)?(?:\s+(?:{_MOD}))?"
                   rf"|\bde\s+(?:segunda|domingo)(?:-feira)?\s+a\s+(?:sexta|sabado|domingo)(?:-feira)?"
                   rf"|\b(?:no|a partir do|apos o|depois do)\s+(?:{ORDINALS})\s+dia(?:\s+util)?\b"
                   rf"|\b(?:aos|nos|em)\s+(?:fins|finais)\s+de\s+semana|\baos\s+(?:sabados|domingos|feriados)"
                   rf"|\b(?:n?o\s+)?dia\s+\d{{1,2}}\s+de\s+(?:cada|todo)\s+mes|\bdiariamente|\bmensalmente"
                   rf"|\bsemanalmente"
                   rf"|\b(?:tod[oa]s?(?:\s+[oa]s?)?|a cada|cada)\s+(?:dias?\s+(?:\d{{1,2}}|primeiro)\b|dias?\b"
                   rf"|madrugadas?\b|(?:{_WEEKDAY}"
                   rf"|sabado|domingo)s?(?:-feiras?)?|mes|meses|semana|semanas|ano|manha|tarde|noite|inicio de mes"
                   rf"|(?:fim|final|fins|finais) de semana)")),
    ("ordinal", _P(rf"\b(?:ate o|em ate o)\s+(?P<ord>{ORDINALS})\s+dia\s+util\b(?!\s+d[oe]\s+(?:cada\s+)?mes)")),
    ("next", _P(rf"\b(?:(?:ate|em ate|dentro|durante|ao longo|no decorrer|no maximo em)\s+(?:d?[oa]s?\s+)?"
                rf"|(?:n[oa]s?|[oa]s?|pel[oa]s?|para [oa]s?)\s+)?proxim(?P<plural>[oa]s)?(?:[oa])?\s+"
                rf"(?:(?P<num>{NUM})\s*)?(?P<unit>{_UNIT})\b(?:\s+(?P<mod>{_MOD}))?(?!\s*\d)")),
    ("duration", _P(rf"\b(?P<prep>em ate|em no maximo|no maximo em|no maximo|em cerca de|em aproximadamente"
                    rf"|em torno de|em|dentro de|dentro d[oa]s|dentro do prazo de|daqui a|no prazo de|num prazo de"
                    rf"|prazo de|no periodo de|nas proximas|nos proximos|entre|ate|de"
                    rf"|(?:prazo|previsao|estimativa|sla)(?:\s+(?:estimad[oa]|previst[oa]|de \w+))?\s*:)"
                    rf"\s*(?P<num>{NUM})"
                    rf"(?:\s*(?:a|ou|-|e)\s*(?P<num2>{NUM}))?\s*(?P<unit>{_UNIT})\b(?:\s+(?P<mod>{_MOD}))?")),
    ("soon", _P(r"\b(?:daqui a pouco|daqui a pouquinho|daqui a instantes|em (?:alguns |poucos |breves )?instantes)\b")),
    ("dayn", _P(r"\bdia\s+(\d{1,2}|primeiro)\b(?!\s*(?:/|de\s+(?:" + _MONTH + r")))")),
    ("month", _P(rf"\b(?:(?:ate\s+(?:o\s+|a\s+)?|no\s+|na\s+|em\s+|para\s+(?:o\s+|a\s+)?|pel[oa]\s+|a partir d[oa]\s+)?"
                 rf"(?P<part>{_PART})\s+de|em|ate|para|durante|a partir de|antes de)\s+(?P<month>{_MONTH})"
                 rf"(?:\s+(?:de\s+)?(?P<year>\d{{4}}))?\b")),
    ("relday", _P(rf"\b(?:(?:na\s+|a\s+)?primeira hora\s+(?:de\s+)?)?(depois de amanha|amanha|hoje|ainda hoje)"
                  rf"(?:\s+(?:{_DAY_SUFFIX}))?\b|\b(?:ainda\s+)?(?:nesta|esta|essa|nessa)\s+(?:manha|tarde|noite)\b")),
    ("period", _P(rf"\b(?:ate\s+(?:o\s+|a\s+)?|no\s+|na\s+|ao\s+|o\s+|para\s+o\s+|pelo\s+)?(?P<part>{_PART})\s+d[oa]\s+"
                  rf"(?P<unit>dia|expediente|tarde|manha|{_REL_PERIOD}|semana|mes|ano)\b"
                  rf"|\b(?:ate\s+o\s+|no\s+|neste\s+|nesse\s+|este\s+|esse\s+|para\s+o\s+)?(?P<weekend>fim de semana"
                  rf"|final de semana)\b"
                  rf"|\b(?:na\s+|ate a\s+|ate o\s+|para a\s+|para o\s+|a\s+|no\s+)?(?P<rel>{_REL_PERIOD}"
                  rf"|(?:ainda\s+)?(?:nesta|esta|essa|nessa|neste|este|nesse|esse) (?:semana|mes))\b")),
    ("weekday", _P(rf"\b(?P<pre>(?:(?P<prep>{_LIMIT}|na|no|nesta|neste|nessa|nesse|esta|este|essa|esse|pra|para"
                   rf"|a partir de|a partir da|pela|pelo|durante a|durante o)\s+(?:(?:a|o|na|no)\s+)?)?"
                   rf"(?:(?:a |o )?(?P<prox>proxima|proximo)\s+)?)"
                   rf"(?P<wd>{_WEEKDAY}|sabado|domingo)(?P<feira>[- ]feira)?(?P<next>\s+que vem)?\b")),
    ("version", _P(r"\b(?:(?:na|no|pela|pelo|ate a|ate o|para a|para o|com a|com o|numa|num)\s+)?"
                   r"(?:proxima|proximo)\s+(?:versao|release|atualizacao|sprint|build|pacote|expedicao|deploy"
                   r"|publicacao|janela de atualizacao|liberacao)\b")),
    ("clock", _P(rf"\b(?P<prep>ate as|as|a partir das|antes das|por volta das|perto das|apos as|depois das)\s+"
                 rf"(?P<h>\d{{1,2}}|{_NUM_WORD})(?:\s*(?P<hs>horas|hrs|hs|h)\b)?(?:\s+e\s+(?P<min>meia|quinze|\d{{2}}))?"
                 rf"(?:\s+(?P<ampm>{'|'.join(DAY_PARTS)}))?\b")),
    ("time", _P(r"\b(?P<prep>(?:ate as|ate|as|a partir das|antes das|por volta das|perto das|apos as|depois das)\s+)?"
                r"(?P<h>\d{1,2})(?:h(?P<m1>\d{2})?(?:min)?|:(?P<m2>\d{2})(?:\s*h)?)(?![\w/])"
                r"|\b(?:ate o |ao |a partir do )?(?P<noon>meio-dia|meio dia|meia-noite)\b")),
]
# Words without which a pattern cannot match: the pattern is skipped when none is in the draft (speed only).
NEEDS = {
    "iso": ("-",), "numdate": ("/",), "between": ("entre",), "ordinal": ("dia util",), "next": ("proxim",),
    "soon": ("daqui", "instantes"), "dayn": ("dia",), "relday": ("amanha", "hoje", "manha", "tarde", "noite"),
    "version": ("proxim",), "clock": ("as ", "das "), "longdate": (" de ",),
    "weekday": ("segunda", "terca", "quarta", "quinta", "sexta", "sabado", "domingo"),
    "month": tuple(MONTHS),
}
DURATION_NOUN = re.compile(r"\b(?:prazo|previsao|estimativa|tempo|sla)\b[^.!?\n]{0,25}$")
BY_PREFIX = re.compile(r"\b(?:ate|antes|no maximo|no mais tardar|em ate|ate no maximo)(?:\s+(?:de|do|da|o|a|na|no))?"
                       r"(?:\s+dia)?\s+$")
JOIN_GAP = re.compile(r"^[\s,()]*(?:(?:as|a partir das|ate as|de|do|no|na|dia|no dia|-|–|,)\s*)?[\s,()]*$")
