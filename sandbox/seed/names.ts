/** Brazilian first names and surnames (with their accents) and real area codes, for demo and synthetic contacts. */
export const FIRST_NAMES = [
  'Maria', 'José', 'João', 'Ana', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos',
  'Luís', 'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Raimundo', 'Rodrigo', 'Manoel',
  'Mateus', 'André', 'Fernando', 'Fábio', 'Leonardo', 'Gustavo', 'Guilherme', 'Leandro', 'Tiago', 'Anderson',
  'Ricardo', 'Márcio', 'Jorge', 'Sebastião', 'Alexandre', 'Roberto', 'Edson', 'Diego', 'Vitor', 'Sérgio', 'Cláudio',
  'Matheus', 'Thiago', 'Geraldo', 'Adriano', 'Luciano', 'Júlio', 'Renato', 'Alex', 'Vinícius', 'Rogério', 'Samuel',
  'Ronaldo', 'Mário', 'Flávio', 'Douglas', 'Igor', 'Davi', 'Otávio', 'Caio', 'Benício', 'Heitor', 'Arthur',
  'Francisca', 'Antônia', 'Adriana', 'Juliana', 'Márcia', 'Fernanda', 'Patrícia', 'Aline', 'Sandra', 'Camila',
  'Amanda', 'Bruna', 'Jéssica', 'Letícia', 'Júlia', 'Luciana', 'Vanessa', 'Mariana', 'Gabriela', 'Vera', 'Vitória',
  'Larissa', 'Cláudia', 'Beatriz', 'Luana', 'Rita', 'Sônia', 'Renata', 'Eliane', 'Josefa', 'Simone', 'Natália',
  'Cristiane', 'Carla', 'Débora', 'Rosângela', 'Jaqueline', 'Rosa', 'Daniela', 'Aparecida', 'Marlene', 'Terezinha',
  'Raimunda', 'Andréia', 'Fabiana', 'Lúcia', 'Raquel', 'Ângela', 'Rafaela', 'Joana', 'Luzia', 'Elaine', 'Conceição',
  'Helena', 'Alice', 'Laura', 'Valentina', 'Heloísa', 'Lívia', 'Cecília', 'Lorena', 'Isabela', 'Sophia', 'Manuela',
] as const;

export const SURNAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa',
  'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa', 'Rocha', 'Dias',
  'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas', 'Cardoso', 'Ramos',
  'Gonçalves', 'Santana', 'Teixeira', 'Araújo', 'Conceição', 'Magalhães', 'Simões', 'Brandão', 'Falcão', 'Leão',
  'Guimarães', 'Assunção', 'Peçanha', 'Damião', 'Romão', 'Estêvão', 'Sebastião', 'Monção', 'Aragão', 'Galvão',
  'Cavalcanti', 'Albuquerque', 'Bezerra', 'Moura', 'Cunha', 'Pinto', 'Batista', 'Castro', 'Campos', 'Correia',
  'Xavier', 'Monteiro', 'Medeiros', 'Borges', 'Fonseca', 'Queiroz', 'Farias', 'Sampaio', 'Nogueira', 'Tavares',
  'Brito', 'Lacerda', 'Pacheco', 'Siqueira', 'Coelho', 'Rezende', 'Viana', 'Figueiredo', 'Matos', 'Fontes',
] as const;

export const EMAIL_DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.br', 'uol.com.br', 'bol.com.br', 'terra.com.br', 'empresa.com.br'] as const;

/** Real Brazilian area codes (DDD). */
export const AREA_CODES = [
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48,
  49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89,
  91, 92, 93, 94, 95, 96, 97, 98, 99,
] as const;
