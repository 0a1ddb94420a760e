/**
 * The gazetteer's data, one line per place: `KEY|English|Indonesian|other forms`. Other forms are
 * comma-separated: demonym adjectives, official long forms and common variants, matched
 * case-sensitively. An English name starting with "*" reads "the …" in a phrase ("President of the
 * Philippines"). Sovereign states (UN members, observers and Taiwan, Kosovo); cities are in gazetteer-cities.ts.
 *
 * Names that are also given names or a US state ("Chad", "Jordan", "Georgia") are kept: in diplomatic
 * news the country is far more common, and a place word only ends a person's name early.
 */
export const COUNTRY_ROWS = `
AF|Afghanistan|Afganistan|Afghan,Islamic Emirate of Afghanistan
AL|Albania|Albania|Albanian,Republic of Albania
DZ|Algeria|Aljazair|Algerian,Aljazair
AD|Andorra|Andorra|Andorran
AO|Angola|Angola|Angolan,Republic of Angola
AG|Antigua and Barbuda|Antigua dan Barbuda|
AR|Argentina|Argentina|Argentine,Argentinian,Argentine Republic
AM|Armenia|Armenia|Armenian,Republic of Armenia
AU|Australia|Australia|Australian,Commonwealth of Australia
AT|Austria|Austria|Austrian
AZ|Azerbaijan|Azerbaijan|Azerbaijani,Azeri
BS|*Bahamas|Bahama|Bahamian
BH|Bahrain|Bahrain|Bahraini,Kingdom of Bahrain
BD|Bangladesh|Bangladesh|Bangladeshi
BB|Barbados|Barbados|Barbadian
BY|Belarus|Belarus|Belarusian
BE|Belgium|Belgia|Belgian
BZ|Belize|Belize|Belizean
BJ|Benin|Benin|Beninese
BT|Bhutan|Bhutan|Bhutanese
BO|Bolivia|Bolivia|Bolivian
BA|Bosnia and Herzegovina|Bosnia dan Herzegovina|Bosnian,Bosnia
BW|Botswana|Botswana|
BR|Brazil|Brasil|Brazilian,Federative Republic of Brazil
BN|Brunei|Brunei Darussalam|Bruneian
BG|Bulgaria|Bulgaria|Bulgarian
BF|Burkina Faso|Burkina Faso|Burkinabe
BI|Burundi|Burundi|Burundian
CV|Cabo Verde|Tanjung Verde|Cape Verde,Cape Verdean
KH|Cambodia|Kamboja|Cambodian,Kingdom of Cambodia
CM|Cameroon|Kamerun|Cameroonian
CA|Canada|Kanada|Canadian
CF|*Central African Republic|Republik Afrika Tengah|
TD|Chad|Chad|Chadian
CL|Chile|Chili|Chilean
CN|China|Tiongkok|Chinese,Cina,RRT,PRC,People's Republic of China,People’s Republic of China,Republik Rakyat Tiongkok,Republik Rakyat China
CO|Colombia|Kolombia|Colombian
KM|Comoros|Komoro|Comorian
CG|Republic of the Congo|Kongo|Congo-Brazzaville
CD|Democratic Republic of the Congo|Republik Demokratik Kongo|DRC,DR Congo,RD Kongo,Congolese
CR|Costa Rica|Kosta Rika|Costa Rican
CI|Côte d'Ivoire|Pantai Gading|Ivory Coast,Ivorian,Côte d’Ivoire
HR|Croatia|Kroasia|Croatian
CU|Cuba|Kuba|Cuban
CY|Cyprus|Siprus|Cypriot
CZ|Czechia|Ceko|Czech Republic,Czech,Republik Ceko
DK|Denmark|Denmark|Danish,Denmark
DJ|Djibouti|Djibouti|Djiboutian
DM|Dominica|Dominika|
DO|*Dominican Republic|Republik Dominika|Dominican
EC|Ecuador|Ekuador|Ecuadorian,Ecuadorean
EG|Egypt|Mesir|Egyptian,Arab Republic of Egypt
SV|El Salvador|El Salvador|Salvadoran
GQ|Equatorial Guinea|Guinea Khatulistiwa|Equatoguinean
ER|Eritrea|Eritrea|Eritrean
EE|Estonia|Estonia|Estonian
SZ|Eswatini|Eswatini|Swaziland
ET|Ethiopia|Etiopia|Ethiopian
FJ|Fiji|Fiji|Fijian
FI|Finland|Finlandia|Finnish
FR|France|Prancis|French,Perancis,French Republic
GA|Gabon|Gabon|Gabonese
GM|*Gambia|Gambia|Gambian
GE|Georgia|Georgia|Georgian
DE|Germany|Jerman|German,Federal Republic of Germany
GH|Ghana|Ghana|Ghanaian
GR|Greece|Yunani|Greek,Hellenic Republic
GD|Grenada|Grenada|
GT|Guatemala|Guatemala|Guatemalan,Republic of Guatemala
GN|Guinea|Guinea|Guinean
GW|Guinea-Bissau|Guinea-Bissau|
GY|Guyana|Guyana|Guyanese
HT|Haiti|Haiti|Haitian
VA|Holy See|Takhta Suci|Vatican,Vatikan
HN|Honduras|Honduras|Honduran
HU|Hungary|Hongaria|Hungarian
IS|Iceland|Islandia|Icelandic
IN|India|India|Indian,Republic of India
ID|Indonesia|Indonesia|RI,Indonesian,Republik Indonesia,Republic of Indonesia
IR|Iran|Iran|Iranian,Islamic Republic of Iran
IQ|Iraq|Irak|Iraqi
IE|Ireland|Irlandia|Irish
IL|Israel|Israel|Israeli
IT|Italy|Italia|Italian,Italian Republic
JM|Jamaica|Jamaika|Jamaican
JP|Japan|Jepang|Japanese
JO|Jordan|Yordania|Jordanian,Hashemite Kingdom of Jordan
KZ|Kazakhstan|Kazakhstan|Kazakh,Kazakstan
KE|Kenya|Kenya|Kenyan
KI|Kiribati|Kiribati|
KW|Kuwait|Kuwait|Kuwaiti
KG|Kyrgyzstan|Kirgizstan|Kyrgyz
LA|Laos|Laos|Lao,Laotian,Lao PDR
LV|Latvia|Latvia|Latvian
LB|Lebanon|Lebanon|Lebanese,Libanon
LS|Lesotho|Lesotho|
LR|Liberia|Liberia|Liberian
LY|Libya|Libya|Libyan,Libia
LI|Liechtenstein|Liechtenstein|
LT|Lithuania|Lituania|Lithuanian
LU|Luxembourg|Luksemburg|Luxembourgish
MG|Madagascar|Madagaskar|Malagasy
MW|Malawi|Malawi|Malawian
MY|Malaysia|Malaysia|Malaysian
MV|Maldives|Maladewa|Maldivian
ML|Mali|Mali|Malian
MT|Malta|Malta|Maltese
MH|*Marshall Islands|Kepulauan Marshall|Marshallese,Republic of the Marshall Islands
MR|Mauritania|Mauritania|Mauritanian
MU|Mauritius|Mauritius|Mauritian
MX|Mexico|Meksiko|Mexican
FM|Micronesia|Mikronesia|Micronesian,Federated States of Micronesia
MD|Moldova|Moldova|Moldovan
MC|Monaco|Monako|Monegasque
MN|Mongolia|Mongolia|Mongolian
ME|Montenegro|Montenegro|Montenegrin
MA|Morocco|Maroko|Moroccan,Kingdom of Morocco
MZ|Mozambique|Mozambik|Mozambican
MM|Myanmar|Myanmar|Burma,Burmese
NA|Namibia|Namibia|Namibian
NR|Nauru|Nauru|
NP|Nepal|Nepal|Nepalese,Nepali
NL|*Netherlands|Belanda|Dutch,Holland
NZ|New Zealand|Selandia Baru|New Zealander
NI|Nicaragua|Nikaragua|Nicaraguan
NE|Niger|Niger|Nigerien
NG|Nigeria|Nigeria|Nigerian
KP|North Korea|Korea Utara|Korut,North Korean,DPRK,Democratic People's Republic of Korea
MK|North Macedonia|Makedonia Utara|Macedonian
NO|Norway|Norwegia|Norwegian
OM|Oman|Oman|Omani
PK|Pakistan|Pakistan|Pakistani
PW|Palau|Palau|Palauan
PS|Palestine|Palestina|Palestinian,State of Palestine
PA|Panama|Panama|Panamanian
PG|Papua New Guinea|Papua Nugini|PNG
PY|Paraguay|Paraguay|Paraguayan
PE|Peru|Peru|Peruvian
PH|*Philippines|Filipina|Philippine,Filipino
PL|Poland|Polandia|Polish
PT|Portugal|Portugal|Portuguese
QA|Qatar|Qatar|Qatari
RO|Romania|Rumania|Romanian
RU|Russia|Rusia|Russian,Russian Federation,Federasi Rusia
RW|Rwanda|Rwanda|Rwandan
KN|Saint Kitts and Nevis|Saint Kitts dan Nevis|
LC|Saint Lucia|Saint Lucia|
VC|Saint Vincent and the Grenadines|Saint Vincent dan Grenadine|
WS|Samoa|Samoa|Samoan
SM|San Marino|San Marino|
ST|Sao Tome and Principe|Sao Tome dan Principe|São Tomé and Príncipe
SA|Saudi Arabia|Arab Saudi|Saudi,Kingdom of Saudi Arabia,Kerajaan Arab Saudi
SN|Senegal|Senegal|Senegalese
RS|Serbia|Serbia|Serbian
SC|Seychelles|Seychelles|
SL|Sierra Leone|Sierra Leone|
SG|Singapore|Singapura|Singaporean
SK|Slovakia|Slowakia|Slovak
SI|Slovenia|Slovenia|Slovenian
SB|*Solomon Islands|Kepulauan Solomon|
SO|Somalia|Somalia|Somali
ZA|South Africa|Afrika Selatan|South African
KR|South Korea|Korea Selatan|Korsel,South Korean,Republic of Korea,ROK,Republik Korea
SS|South Sudan|Sudan Selatan|South Sudanese
ES|Spain|Spanyol|Spanish
LK|Sri Lanka|Sri Lanka|Sri Lankan
SD|Sudan|Sudan|Sudanese
SR|Suriname|Suriname|Surinamese
SE|Sweden|Swedia|Swedish
CH|Switzerland|Swiss|Swiss Confederation
SY|Syria|Suriah|Syrian
TW|Taiwan|Taiwan|Taiwanese
TJ|Tajikistan|Tajikistan|Tajik
TZ|Tanzania|Tanzania|Tanzanian
TH|Thailand|Thailand|Thai
TL|Timor-Leste|Timor Leste|East Timor,Timor Timur
TG|Togo|Togo|Togolese
TO|Tonga|Tonga|Tongan
TT|Trinidad and Tobago|Trinidad dan Tobago|
TN|Tunisia|Tunisia|Tunisian
TR|Turkey|Turki|Türkiye,Turkiye,Turkish,Republic of Türkiye,Republic of Turkey
TM|Turkmenistan|Turkmenistan|Turkmen
TV|Tuvalu|Tuvalu|
UG|Uganda|Uganda|Ugandan
UA|Ukraine|Ukraina|Ukrainian
AE|*United Arab Emirates|Uni Emirat Arab|UEA,UAE,U.A.E.,Emirati
GB|*United Kingdom|Inggris|UK,U.K.,Britain,Great Britain,British,Britania Raya,Kerajaan Inggris
US|*United States|Amerika Serikat|AS,U.S.,US,USA,U.S.A.,America,American,Amerika,United States of America
UY|Uruguay|Uruguay|Uruguayan
UZ|Uzbekistan|Uzbekistan|Uzbek
VU|Vanuatu|Vanuatu|
VE|Venezuela|Venezuela|Venezuelan
VN|Vietnam|Vietnam|Vietnamese,Viet Nam,Socialist Republic of Vietnam,Socialist Republic of Viet Nam
XK|Kosovo|Kosovo|Kosovar
YE|Yemen|Yaman|Yemeni
ZM|Zambia|Zambia|Zambian
ZW|Zimbabwe|Zimbabwe|Zimbabwean
`;
