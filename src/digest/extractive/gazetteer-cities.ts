/**
 * Capitals and other cities diplomatic news is filed from, then Indonesia's provinces (places, not names, in
 * "Gubernur Jawa Tengah …"), in match order: `English[=Indonesian]/country key[ (other forms)]`, separated by
 * ";". The Indonesian name is written only where it differs from the English one.
 */
const CITIES = `
Moscow=Moskow/RU (Moskwa); Jakarta/ID; Tehran=Teheran/IR; Washington/US (Washington D.C.); Beijing/CN (Peking);
Tokyo/JP; Seoul/KR; Pyongyang/KP; London/GB; Paris/FR; Berlin/DE; Canberra/AU; Sydney/AU; Kuala Lumpur/MY;
Putrajaya/MY; Singapore City=Kota Singapura/SG; Manila/PH; Bangkok/TH; Hanoi/VN (Ha Noi);
Ho Chi Minh City=Kota Ho Chi Minh/VN; Phnom Penh/KH; Vientiane/LA; Naypyidaw/MM (Nay Pyi Taw);
Bandar Seri Begawan/BN; Riyadh/SA (Riyad); Jeddah/SA (Jedah,Jiddah); Mecca=Mekkah/SA (Makkah); Cairo=Kairo/EG;
Ankara/TR; Istanbul/TR; New Delhi/IN; Mumbai/IN; Islamabad/PK; Kabul/AF; Dhaka/BD; Colombo=Kolombo/LK; Kathmandu/NP;
The Hague=Den Haag/NL; Amsterdam/NL; Geneva=Jenewa/CH; Bern/CH; Davos/CH; New York/US; Los Angeles/US;
San Francisco/US; Brussels=Brussel/BE; Muscat=Muskat/OM; Doha/QA; Abu Dhabi/AE; Dubai/AE; Manama/BH;
Kuwait City=Kota Kuwait/KW; Baghdad/IQ; Damascus=Damaskus/SY; Beirut/LB; Amman/JO; Kyiv/UA (Kiev);
Jerusalem=Yerusalem/IL; Tel Aviv/IL; Ramallah/PS; Gaza/PS; Dili/TL; Vienna=Wina/AT; Rome=Roma/IT; Madrid/ES;
Lisbon=Lisabon/PT; Athens=Athena/GR; Warsaw=Warsawa/PL; Prague=Praha/CZ; Budapest/HU; Stockholm/SE; Oslo/NO;
Copenhagen=Kopenhagen/DK; Helsinki/FI; Dublin/IE; Minsk/BY; Baku/AZ; Yerevan/AM; Tbilisi/GE; Astana/KZ; Tashkent/UZ;
Ulaanbaatar/MN; Ottawa/CA; Mexico City=Kota Meksiko/MX; Havana/CU; Brasília=Brasilia/BR (Brasilia);
São Paulo=Sao Paulo/BR (Sao Paulo); Rio de Janeiro/BR; Buenos Aires/AR; Lima/PE; Bogotá=Bogota/CO (Bogota);
Caracas/VE; Quito/EC; Guatemala City=Kota Guatemala/GT; Panama City=Kota Panama/PA; Addis Ababa/ET; Nairobi/KE;
Pretoria/ZA; Johannesburg/ZA; Cape Town/ZA; Abuja/NG; Lagos/NG; Accra/GH; Dakar/SN; Rabat/MA; Algiers=Aljir/DZ;
Tunis/TN; Tripoli/LY; Khartoum/SD; Luanda/AO; Kinshasa/CD; Wellington/NZ; Port Moresby/PG; Suva/FJ; Taipei/TW;
Hong Kong/CN; Shanghai/CN; Osaka/JP; Busan/KR; Vladivostok/RU; Saint Petersburg/RU (St. Petersburg,Sankt Peterburg);
Sochi/RU; Kazan/RU; Denpasar/ID; Bali/ID; Surabaya/ID; Bandung/ID; Bogor/ID; Yogyakarta/ID; Medan/ID; Makassar/ID;
Labuan Bajo/ID; Batam/ID; Aceh/ID; Sumatera Utara/ID; Sumatera Barat/ID; Riau/ID; Kepulauan Riau/ID; Jambi/ID;
Bengkulu/ID; Sumatera Selatan/ID; Bangka Belitung/ID; Lampung/ID; Banten/ID; Jawa Barat/ID; Jawa Tengah/ID;
Jawa Timur/ID; DI Yogyakarta/ID; DKI Jakarta/ID; Nusa Tenggara Barat/ID; Nusa Tenggara Timur/ID; Kalimantan Barat/ID;
Kalimantan Tengah/ID; Kalimantan Selatan/ID; Kalimantan Timur/ID; Kalimantan Utara/ID; Sulawesi Utara/ID;
Sulawesi Tengah/ID; Sulawesi Selatan/ID; Sulawesi Tenggara/ID; Sulawesi Barat/ID; Gorontalo/ID; Maluku/ID;
Maluku Utara/ID; Papua/ID; Papua Barat/ID
`;

/** The table as rows `English|Indonesian|country key|other forms`, the format gazetteer.ts reads. */
export const CITY_ROWS = CITIES.split(';')
  .map((entry) => /^\s*([^=/]+?)(?:=([^/]+?))?\/([A-Z]{2})(?:\s+\((.+)\))?\s*$/.exec(entry))
  .filter((match) => match !== null)
  .map(([, en = '', id, country = '', other = '']) => `${en}|${id ?? en}|${country}|${other}`)
  .join('\n');
