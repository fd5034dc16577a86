"""Generic Portuguese word lists the promise classifier reads (no space's wording).

Verb forms whose person or tense the endings do not reveal, the verbs that
state how things are rather than what someone will do, and the function words
that are never a clause's verb.
"""

from __future__ import annotations

SELF_WORDS = frozenset(
    "vou vamos irei iremos estarei estaremos farei faremos trarei traremos direi diremos porei poremos darei "
    "daremos terei teremos consigo conseguimos conseguiremos posso podemos poderei poderemos pretendo "
    "pretendemos garanto garantimos prometo prometemos devo devemos deverei deveremos faco fazemos trago "
    "trazemos digo dizemos dou damos tenho temos vejo vemos venho vimos passo passamos sigo seguimos peco "
    "ponho pomos precisamos preciso fico ficamos estou estamos".split()
)
THIRD_FUTURE_WORDS = frozenset(
    "sera serao ira irao vai vao tera terao fara farao trara trarao dira dirao dara darao vera verao vira virao "
    "estara estarao havera podera poderao devera deverao deve devem pode podem".split()
)
PAST_WORDS = frozenset(
    "foi foram fui fomos era eram teve tiveram tive tivemos fez fizeram fiz fizemos houve havia veio vieram vim "
    "esteve estiveram estive estivemos estava estavam estavamos disse disseram deu deram dei tinha tinham tinhamos "
    "pude quis soube trouxe trouxeram pus viu vi vimos ocorreu venceu".split()
)
REQUEST_WORDS = frozenset(
    "favor gentileza poderia poderiam podera solicitamos pedimos peco "
    "precisamos necessitamos aguardamos aguardo aguarde aguardem recomendo recomendamos sugiro sugerimos "
    "oriento orientamos aconselho aconselhamos".split()
)
# Third-person present verbs that state how things are, not what someone will do:
# "o bloqueio ocorre no sétimo dia", "a compensação demora até 5 dias úteis".
STATE_LEMMAS = frozenset(
    "ser estar ocorrer acontecer demorar levar costumar compensar vencer funcionar durar expirar valer "
    "permanecer existir haver significar depender precisar bastar constar aparecer ficar abrir fechar "
    "atender bloquear começar comecar iniciar contar ter possuir incluir prever garantir".split()
)
# Auxiliaries of a passive ("é liberado", "será publicada", "fica pronto") and the kind of cue they give.
PASSIVE_AUXILIARIES = {"é": "third_present", "são": "third_present", "fica": "third_present",
                       "ficam": "third_present", "está": "third_present", "estão": "third_present",
                       "será": "third_future", "serão": "third_future", "ficará": "third_future",
                       "ficarão": "third_future", "estará": "third_future", "estarão": "third_future"}
# State verbs that describe an action when they take a direct object: "a loja fecha às 18h" is a fact,
# "a contabilidade fecha a sua apuração dia 5" is a promise.
ACTION_WITH_OBJECT = frozenset("fechar abrir bloquear iniciar comecar começar atender incluir encerrar".split())
# "a" is left out: it is a preposition too often ("começa a funcionar").
OBJECT_OPENERS = frozenset("o os um uns seu seus sua suas nosso nossa nossos nossas esse essa este esta "
                           "todo toda todos todas isso isto tudo".split())
# Verbs whose subject receives what someone else does: with the customer as subject they are still a promise.
RECEIVING_LEMMAS = frozenset("receber obter ganhar".split())
# Prefixes that make new verbs from known ones ("reagendar", "desbloquear", "reprocessar").
VERB_PREFIXES = ("re", "des", "pre", "sobre", "sub", "auto", "co")
# Tags that close a statement with a question mark ("Retorno amanhã, ok?"), folded; "esta" is "tá" spelled out.
TAG_QUESTIONS = frozenset([
    "ok", "okay", "certo", "combinado", "tudo bem", "tudo certo", "beleza", "blz", "ne", "esta", "esta bom",
    "esta bem", "esta certo", "esta ok", "pode ser", "correto", "sim", "entendido", "fechado", "perfeito", "bele",
    "tranquilo", "de acordo", "certinho", "joia", "ok ne", "certo ne", "combinado ne", "tudo bem ne", "valeu",
])
# English auxiliaries of the future and the subjects that make them a first-person commitment
# ("we'll get back to you até amanhã" in a mixed-language reply).
ENGLISH_FUTURE = frozenset("will ll shall gonna".split())
ENGLISH_SELF_SUBJECTS = frozenset("i we".split())
STATE_FORMS = {"é": "ser", "são": "ser", "está": "estar", "estão": "estar"}
STATE_WORDS = frozenset("e sao esta estao tem sera serao fica ficam".split())
# Irregular third-person presents the endings do not reveal.
IRREGULAR_PRESENT = {"sai": "sair", "saem": "sair", "vem": "vir", "faz": "fazer", "fazem": "fazer",
                      "traz": "trazer", "trazem": "trazer", "poe": "pôr", "poem": "pôr", "tem": "ter",
                      "ve": "ver", "veem": "ver", "cai": "cair", "caem": "cair", "diz": "dizer", "dizem": "dizer",
                      "da": "dar", "dao": "dar", "segue": "seguir", "seguem": "seguir"}
SCHEDULED = ("agendad", "marcad", "previst", "programad", "combinad", "pronto", "pronta", "disponivel")
CONJUNCTIONS = frozenset("e mas entao ja logo".split())
DETERMINERS = frozenset("o a os as um uma do da dos das no na nos nas ao aos pelo pela pelos pelas de em seu sua "
                         "meu minha nosso nossa este esta esse essa cada todo toda".split())
PERSONAL_CLITICS = frozenset("me te lhe lhes vos".split())  # "o"/"a" are articles far more often
ADVERBS = frozenset("eu ja hoje amanha agora ainda logo depois entao tambem sempre mesmo so".split())
# Function words that are never the verb of a clause, whatever the lemmatizer guesses.
FUNCTION_WORDS = frozenset(
    "o a os as um uma uns umas de do da dos das no na nos nas em ao aos pelo pela pelos pelas por para pra com "
    "sem sob sobre e ou mas que se ja nao sim isso isto este esta esse essa aquele aquela seu sua seus suas meu "
    "minha nosso nossa eu tu ele ela nos voces eles elas lhe me te ate como quando onde mais menos muito "
    "bem mal so caso dia dias hora horas".split()
)
