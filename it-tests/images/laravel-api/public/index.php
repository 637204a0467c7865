<?php
/*
 * The API of the laravel-api test image: GET / answers which release serves and which
 * migrations the database has, so a test sees both the pods' version and the schema they use.
 */
header('Content-Type: application/json');
$out = ['version' => getenv('APP_VERSION') ?: 'unknown', 'hostname' => gethostname()];
try {
    $db = new PDO(sprintf('pgsql:host=%s;port=%s;dbname=%s', getenv('DB_HOST'), getenv('DB_PORT') ?: '5432',
        getenv('DB_DATABASE')), getenv('DB_USERNAME'), getenv('DB_PASSWORD'), [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    $out['migrations'] = $db->query('SELECT migration FROM migrations ORDER BY id')->fetchAll(PDO::FETCH_COLUMN);
} catch (PDOException $e) {
    http_response_code(503);
    $out['error'] = $e->getMessage();
}
echo json_encode($out), "\n";
