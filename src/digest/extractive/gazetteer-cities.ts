/**
 * Capitals and other cities diplomatic news is filed from, then Indonesia's provinces (places, not names, in
 * "Gubernur Jawa Tengah …"): `English|Indonesian|country key|other forms`.
 */
export const CITY_ROWS = `
Moscow|Moskow|RU|Moskwa
Jakarta|Jakarta|ID|
Tehran|Teheran|IR|
Washington|Washington|US|Washington D.C.
Beijing|Beijing|CN|Peking
Tokyo|Tokyo|JP|
Seoul|Seoul|KR|
Pyongyang|Pyongyang|KP|
London|London|GB|
Paris|Paris|FR|
Berlin|Berlin|DE|
Canberra|Canberra|AU|
Sydney|Sydney|AU|
Kuala Lumpur|Kuala Lumpur|MY|
Putrajaya|Putrajaya|MY|
Singapore City|Kota Singapura|SG|
Manila|Manila|PH|
Bangkok|Bangkok|TH|
Hanoi|Hanoi|VN|Ha Noi
Ho Chi Minh City|Kota Ho Chi Minh|VN|
Phnom Penh|Phnom Penh|KH|
Vientiane|Vientiane|LA|
Naypyidaw|Naypyidaw|MM|Nay Pyi Taw
Bandar Seri Begawan|Bandar Seri Begawan|BN|
Riyadh|Riyadh|SA|Riyad
Jeddah|Jeddah|SA|Jedah,Jiddah
Mecca|Mekkah|SA|Makkah
Cairo|Kairo|EG|
Ankara|Ankara|TR|
Istanbul|Istanbul|TR|
New Delhi|New Delhi|IN|
Mumbai|Mumbai|IN|
Islamabad|Islamabad|PK|
Kabul|Kabul|AF|
Dhaka|Dhaka|BD|
Colombo|Kolombo|LK|
Kathmandu|Kathmandu|NP|
The Hague|Den Haag|NL|
Amsterdam|Amsterdam|NL|
Geneva|Jenewa|CH|
Bern|Bern|CH|
Davos|Davos|CH|
New York|New York|US|
Los Angeles|Los Angeles|US|
San Francisco|San Francisco|US|
Brussels|Brussel|BE|
Muscat|Muskat|OM|
Doha|Doha|QA|
Abu Dhabi|Abu Dhabi|AE|
Dubai|Dubai|AE|
Manama|Manama|BH|
Kuwait City|Kota Kuwait|KW|
Baghdad|Baghdad|IQ|
Damascus|Damaskus|SY|
Beirut|Beirut|LB|
Amman|Amman|JO|
Kyiv|Kyiv|UA|Kiev
Jerusalem|Yerusalem|IL|
Tel Aviv|Tel Aviv|IL|
Ramallah|Ramallah|PS|
Gaza|Gaza|PS|
Dili|Dili|TL|
Vienna|Wina|AT|
Rome|Roma|IT|
Madrid|Madrid|ES|
Lisbon|Lisabon|PT|
Athens|Athena|GR|
Warsaw|Warsawa|PL|
Prague|Praha|CZ|
Budapest|Budapest|HU|
Stockholm|Stockholm|SE|
Oslo|Oslo|NO|
Copenhagen|Kopenhagen|DK|
Helsinki|Helsinki|FI|
Dublin|Dublin|IE|
Minsk|Minsk|BY|
Baku|Baku|AZ|
Yerevan|Yerevan|AM|
Tbilisi|Tbilisi|GE|
Astana|Astana|KZ|
Tashkent|Tashkent|UZ|
Ulaanbaatar|Ulaanbaatar|MN|
Ottawa|Ottawa|CA|
Mexico City|Kota Meksiko|MX|
Havana|Havana|CU|
Brasília|Brasilia|BR|Brasilia
São Paulo|Sao Paulo|BR|Sao Paulo
Rio de Janeiro|Rio de Janeiro|BR|
Buenos Aires|Buenos Aires|AR|
Lima|Lima|PE|
Bogotá|Bogota|CO|Bogota
Caracas|Caracas|VE|
Quito|Quito|EC|
Guatemala City|Kota Guatemala|GT|
Panama City|Kota Panama|PA|
Addis Ababa|Addis Ababa|ET|
Nairobi|Nairobi|KE|
Pretoria|Pretoria|ZA|
Johannesburg|Johannesburg|ZA|
Cape Town|Cape Town|ZA|
Abuja|Abuja|NG|
Lagos|Lagos|NG|
Accra|Accra|GH|
Dakar|Dakar|SN|
Rabat|Rabat|MA|
Algiers|Aljir|DZ|
Tunis|Tunis|TN|
Tripoli|Tripoli|LY|
Khartoum|Khartoum|SD|
Luanda|Luanda|AO|
Kinshasa|Kinshasa|CD|
Wellington|Wellington|NZ|
Port Moresby|Port Moresby|PG|
Suva|Suva|FJ|
Taipei|Taipei|TW|
Hong Kong|Hong Kong|CN|
Shanghai|Shanghai|CN|
Osaka|Osaka|JP|
Busan|Busan|KR|
Vladivostok|Vladivostok|RU|
Saint Petersburg|Saint Petersburg|RU|St. Petersburg,Sankt Peterburg
Sochi|Sochi|RU|
Kazan|Kazan|RU|
Denpasar|Denpasar|ID|
Bali|Bali|ID|
Surabaya|Surabaya|ID|
Bandung|Bandung|ID|
Bogor|Bogor|ID|
Yogyakarta|Yogyakarta|ID|
Medan|Medan|ID|
Makassar|Makassar|ID|
Labuan Bajo|Labuan Bajo|ID|
Batam|Batam|ID|
Aceh|Aceh|ID|
Sumatera Utara|Sumatera Utara|ID|
Sumatera Barat|Sumatera Barat|ID|
Riau|Riau|ID|
Kepulauan Riau|Kepulauan Riau|ID|
Jambi|Jambi|ID|
Bengkulu|Bengkulu|ID|
Sumatera Selatan|Sumatera Selatan|ID|
Bangka Belitung|Bangka Belitung|ID|
Lampung|Lampung|ID|
Banten|Banten|ID|
Jawa Barat|Jawa Barat|ID|
Jawa Tengah|Jawa Tengah|ID|
Jawa Timur|Jawa Timur|ID|
DI Yogyakarta|DI Yogyakarta|ID|
DKI Jakarta|DKI Jakarta|ID|
Nusa Tenggara Barat|Nusa Tenggara Barat|ID|
Nusa Tenggara Timur|Nusa Tenggara Timur|ID|
Kalimantan Barat|Kalimantan Barat|ID|
Kalimantan Tengah|Kalimantan Tengah|ID|
Kalimantan Selatan|Kalimantan Selatan|ID|
Kalimantan Timur|Kalimantan Timur|ID|
Kalimantan Utara|Kalimantan Utara|ID|
Sulawesi Utara|Sulawesi Utara|ID|
Sulawesi Tengah|Sulawesi Tengah|ID|
Sulawesi Selatan|Sulawesi Selatan|ID|
Sulawesi Tenggara|Sulawesi Tenggara|ID|
Sulawesi Barat|Sulawesi Barat|ID|
Gorontalo|Gorontalo|ID|
Maluku|Maluku|ID|
Maluku Utara|Maluku Utara|ID|
Papua|Papua|ID|
Papua Barat|Papua Barat|ID|
`;
