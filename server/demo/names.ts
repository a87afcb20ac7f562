// Synthetic names and streets for the demo registry: common Indonesian/Javanese given names combined at
// random, so no record matches a real person except by coincidence of common names.
export const MALE_NAMES = [
  'Agus', 'Budi', 'Slamet', 'Joko', 'Bambang', 'Sutrisno', 'Wahyu', 'Eko', 'Heru', 'Teguh', 'Rudi', 'Arif',
  'Dwi', 'Fajar', 'Hadi', 'Imam', 'Kurniawan', 'Mulyono', 'Nur', 'Priyo', 'Rahmat', 'Setiawan', 'Supriyadi',
  'Tri', 'Yusuf', 'Ahmad', 'Bayu', 'Dimas', 'Galih', 'Rizki', 'Aditya', 'Bagus', 'Hendra', 'Iwan', 'Sigit',
] as const;
export const FEMALE_NAMES = [
  'Sri', 'Siti', 'Dewi', 'Endang', 'Tutik', 'Wulan', 'Ani', 'Yuliani', 'Rina', 'Lestari', 'Sulastri',
  'Suharti', 'Kartini', 'Ratna', 'Sari', 'Puji', 'Nur', 'Indah', 'Fitri', 'Ayu', 'Nanik', 'Rahayu', 'Wati',
  'Maya', 'Putri', 'Anisa', 'Dian', 'Eka', 'Lina', 'Mega', 'Novi', 'Retno', 'Tini', 'Umi', 'Yanti',
] as const;
export const SECOND_NAMES = [
  'Santoso', 'Susanto', 'Wibowo', 'Prasetyo', 'Hidayat', 'Saputra', 'Handayani', 'Wijaya', 'Purnomo',
  'Kusuma', 'Nugroho', 'Rahmawati', 'Setyaningsih', 'Utomo', 'Haryanto', 'Lestari', 'Pratama', 'Susilo',
  'Wulandari', 'Hartono', 'Permana', 'Ramadhan', 'Astuti', 'Maharani', 'Sulistyo', 'Yulianto',
] as const;
export const STREETS = [
  'Jl. Kaligawe', 'Jl. Majapahit', 'Jl. Pandanaran', 'Jl. Pemuda', 'Jl. Imam Bonjol', 'Jl. Dr. Cipto',
  'Jl. Brigjen Sudiarto', 'Jl. Setiabudi', 'Jl. Ngesrep Timur', 'Jl. Kokrosono', 'Jl. Tambak Lorok',
  'Jl. Bandarharjo', 'Jl. Kuningan', 'Jl. Jagalan', 'Jl. Kedungmundu', 'Jl. Fatmawati', 'Jl. Sendangguwo',
  'Jl. Prof. Hamka', 'Jl. Walisongo', 'Jl. Wolter Monginsidi', 'Jl. Tlogosari', 'Jl. Gajah Raya',
  'Gg. Melati', 'Gg. Mawar', 'Gg. Kenanga', 'Gg. Anggrek', 'Gg. Flamboyan', 'Gg. Sawo', 'Gg. Mangga',
] as const;
