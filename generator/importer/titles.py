"""The French and Spanish titles of the catalogue's instruments, so that a letter in those languages is resolved too.

content/norms/ names each instrument in English, as the archive shows it. A letter written in
French or Spanish cites the same instrument by its official title in that language (as the
United Nations Treaty Collection and the ILO print them) or by its usual abbreviation. The
importer only reads these names: a title missing here leaves the citation to the editor,
with a note, and never makes one up.
"""

from __future__ import annotations

TRANSLATED_TITLES: dict[str, tuple[str, ...]] = {
    "ICCPR": ("Pacte international relatif aux droits civils et politiques", "PIDCP",
              "Pacto Internacional de Derechos Civiles y Políticos"),
    "ICESCR": ("Pacte international relatif aux droits économiques, sociaux et culturels", "PIDESC",
               "Pacto Internacional de Derechos Económicos, Sociales y Culturales"),
    "CAT": ("Convention contre la torture et autres peines ou traitements cruels, inhumains ou dégradants",
            "Convención contra la Tortura y Otros Tratos o Penas Crueles, Inhumanos o Degradantes"),
    "CERD": ("Convention internationale sur l'élimination de toutes les formes de discrimination raciale",
             "Convención Internacional sobre la Eliminación de todas las Formas de Discriminación Racial"),
    "UDHR": ("Déclaration universelle des droits de l'homme", "Declaración Universal de Derechos Humanos"),
    "UNGP": ("Principes directeurs relatifs aux entreprises et aux droits de l'homme",
             "Principios Rectores sobre las Empresas y los Derechos Humanos"),
    "PALERMO": ("Protocole visant à prévenir, réprimer et punir la traite des personnes, en particulier des femmes et "
                "des enfants", "Protocolo para prevenir, reprimir y sancionar la trata de personas, especialmente "
                "mujeres y niños"),
}
"""Catalogue id → the instrument's titles and abbreviations in French and Spanish."""
